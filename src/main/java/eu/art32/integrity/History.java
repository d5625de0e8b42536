package eu.art32.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.art32.EnvironmentException;
import eu.art32.evidence.EvidenceJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The history directory: one subdirectory per run (named by run id, which sorts by time) holding
 * that run's artifacts and manifest. Each manifest names the digest of the one before it.
 */
public final class History {
  /** The previous run a new manifest chains to. */
  public record Link(String runId, String manifestSha256) {}

  /** One pair's drill figures in one run, for the trend chart. */
  public record Point(
      String runId, String startedAt, Double rtoMs, Double lossWindowMs, Long lost) {
    /** The point of {@code drill} (a pair's drill in evidence) in the run {@code tree}. */
    public static Point of(JsonNode tree, JsonNode drill) {
      JsonNode rto = drill.path("rto").path("ms");
      JsonNode window = drill.path("rpo").path("lossWindowMs");
      JsonNode lost = drill.path("rpo").path("lost");
      return new Point(
          tree.path("runId").asText(),
          tree.path("startedAt").asText(),
          rto.isNumber() ? rto.asDouble() : null,
          window.isNumber() ? window.asDouble() : null,
          lost.isNumber() ? lost.asLong() : null);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path dir;

  public History(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** Run directories, oldest first. */
  public List<Path> runs() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new EnvironmentException("cannot list the history " + dir + ": " + e.getMessage(), e);
    }
  }

  public Optional<Link> latest() {
    List<Path> runs = runs();
    if (runs.isEmpty()) {
      return Optional.empty();
    }
    Path last = runs.get(runs.size() - 1);
    Path manifest = last.resolve(Manifest.FILE);
    try {
      return Optional.of(
          new Link(
              last.getFileName().toString(), EvidenceJson.sha256(Files.readAllBytes(manifest))));
    } catch (IOException e) {
      throw new EnvironmentException(
          "the history's last run "
              + last
              + " has no readable "
              + Manifest.FILE
              + ": run art32 verify "
              + dir,
          e);
    }
  }

  /** Drill figures of {@code pair} in every stored run that had a drill, oldest first. */
  public List<Point> trend(String pair) {
    List<Point> points = new ArrayList<>();
    drills(
        (name, point) -> {
          if (name.equals(pair)) {
            points.add(point);
          }
        });
    return points;
  }

  /** The newest drill of every pair in the history, read in one pass over the runs. */
  public java.util.Map<String, Point> lastDrills() {
    java.util.Map<String, Point> last = new java.util.HashMap<>();
    drills(last::put);
    return last;
  }

  /** Every pair's drill in every stored run, oldest run first. */
  private void drills(java.util.function.BiConsumer<String, Point> each) {
    for (Path run : runs()) {
      Path evidence = run.resolve("evidence.json");
      if (!Files.isRegularFile(evidence)) {
        continue;
      }
      try {
        JsonNode tree = JSON.readTree(evidence.toFile());
        for (JsonNode p : tree.path("pairs")) {
          if (p.path("drill").isObject()) {
            each.accept(p.path("name").asText(), Point.of(tree, p.path("drill")));
          }
        }
      } catch (IOException e) {
        throw new EnvironmentException(
            "cannot read " + evidence + " from the history: " + e.getMessage(), e);
      }
    }
  }

  /** Copies a written run (its artifacts and manifest) into the history. */
  public Path store(String runId, Path from, List<String> names) {
    Path target = dir.resolve(runId);
    try {
      Files.createDirectories(target);
      for (String name : names) {
        Files.copy(from.resolve(name), target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
      return target;
    } catch (IOException e) {
      throw new EnvironmentException(
          "cannot store the run in the history " + target + ": " + e.getMessage(), e);
    }
  }
}
