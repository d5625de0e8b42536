package eu.art32.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.art32.EnvironmentException;
import eu.art32.UsageException;
import eu.art32.evidence.EvidenceJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
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

  /**
   * Prunes all but the newest {@code keep} runs: writes the signed checkpoint that records them and
   * the pruned head first, then removes their directories. Returns the checkpoint, or null when
   * there is nothing to prune.
   */
  public Checkpoint prune(int keep, Signer signer) {
    List<Path> runs = runs();
    if (runs.size() <= keep) {
      return null;
    }
    Path file = dir.resolve(Checkpoint.FILE);
    List<Link> pruned = new ArrayList<>();
    Checkpoint before = null;
    if (Files.exists(file)) {
      try {
        before = Checkpoint.read(file);
        pruned.addAll(before.pruned());
      } catch (IOException e) {
        throw new EnvironmentException("cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    List<Path> going = runs.subList(0, runs.size() - keep);
    for (Path run : going) {
      String runId = run.getFileName().toString();
      if (before == null || !before.prunedRun(runId)) {
        pruned.add(link(runId));
      }
    }
    Checkpoint checkpoint =
        signer.sign(
            new Checkpoint(
                Checkpoint.SCHEMA,
                Instant.now(),
                pruned,
                pruned.get(pruned.size() - 1),
                before == null ? null : Checkpoint.digest(file),
                null));
    checkpoint.write(dir);
    for (Path run : going) {
      deleteTree(run);
    }
    return checkpoint;
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new EnvironmentException(
          "cannot remove the pruned run " + root + ": " + e.getMessage(), e);
    }
  }

  /**
   * Run directories, oldest first: in the order of the chain (each run names the one before it),
   * which is the order runs were stored, not always the order of their ids when two ran at once; by
   * id when the chain is not whole (verify then says where it breaks).
   */
  public List<Path> runs() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> byId;
    try (Stream<Path> entries = Files.list(dir)) {
      // a link to a folder is no run: verify says so, nothing follows it out of the history
      byId =
          entries
              .filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
              .filter(p -> !p.getFileName().toString().startsWith("."))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new EnvironmentException("cannot list the history " + dir + ": " + e.getMessage(), e);
    }
    return chained(byId).orElse(byId);
  }

  /** The runs in chain order, or empty when the chain does not run through all of them once. */
  private static Optional<List<Path>> chained(List<Path> byId) {
    Map<String, Path> next = new HashMap<>();
    Set<String> ids = new HashSet<>();
    byId.forEach(r -> ids.add(r.getFileName().toString()));
    Path first = null;
    for (Path run : byId) {
      String previous;
      try {
        previous = Manifest.read(run.resolve(Manifest.FILE)).previousRunId();
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
      if (previous == null || !ids.contains(previous)) {
        if (first != null) {
          return Optional.empty();
        }
        first = run;
      } else if (next.put(previous, run) != null) {
        return Optional.empty();
      }
    }
    List<Path> order = new ArrayList<>();
    for (Path run = first; run != null; run = next.get(run.getFileName().toString())) {
      order.add(run);
    }
    return order.size() == byId.size() ? Optional.of(order) : Optional.empty();
  }

  public Optional<Link> latest() {
    List<Path> runs = runs();
    if (runs.isEmpty()) {
      // every run pruned: the next run follows the checkpoint's head
      Path checkpoint = dir.resolve(Checkpoint.FILE);
      try {
        return Files.exists(checkpoint)
            ? Optional.of(Checkpoint.read(checkpoint).head())
            : Optional.empty();
      } catch (IOException e) {
        throw new EnvironmentException("cannot read " + checkpoint + ": " + e.getMessage(), e);
      }
    }
    Path last = runs.get(runs.size() - 1);
    Path manifest = last.resolve(Manifest.FILE);
    try {
      return Optional.of(new Link(last.getFileName().toString(), EvidenceJson.sha256(manifest)));
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
    return trend(pair, null);
  }

  /** The same, leaving out the run {@code except} (a run rendered again is not a second point). */
  public List<Point> trend(String pair, String except) {
    List<Point> points = new ArrayList<>();
    drills(
        (name, point) -> {
          if (name.equals(pair) && !point.runId().equals(except)) {
            points.add(point);
          }
        });
    return points;
  }

  /** The newest drill of every pair in the history, read in one pass over the runs. */
  public Map<String, Point> lastDrills() {
    Map<String, Point> last = new HashMap<>();
    drills(last::put);
    return last;
  }

  /** Every pair's drill in every stored run, oldest run first. */
  private void drills(BiConsumer<String, Point> each) {
    for (Path run : runs()) {
      Path evidence = run.resolve("evidence.json");
      if (!Files.isRegularFile(evidence)) {
        continue;
      }
      try {
        JsonNode tree = EvidenceJson.readStored(evidence);
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

  /** Whether the history already holds the run {@code runId}. */
  public boolean contains(String runId) {
    return Files.isDirectory(dir.resolve(runId));
  }

  /** The link to a stored run's manifest: what a render of that run names as its source. */
  public Link link(String runId) {
    Path manifest = dir.resolve(runId).resolve(Manifest.FILE);
    try {
      return new Link(runId, EvidenceJson.sha256(manifest));
    } catch (IOException e) {
      throw new EnvironmentException(
          "the history's run "
              + runId
              + " has no readable "
              + Manifest.FILE
              + ": run art32 verify "
              + dir,
          e);
    }
  }

  /**
   * Stores another rendering of a run the history already holds (another language, other templates)
   * beside it, in {@code <runId>/renders/<name>/}, never over it: the run and the chain of runs
   * stay as they were. Returns the render's folder.
   */
  public Path storeRender(String runId, String name, Path from, List<String> names) {
    Path target = dir.resolve(checkedRunId(runId)).resolve(RENDERS).resolve(name);
    if (Files.exists(target)) {
      throw new EnvironmentException("the history already holds the render " + target);
    }
    return copy(from, target, names);
  }

  /** What a run id is: the run's start in UTC and four hex digits (Auditor makes them so). */
  public static final Pattern RUN_ID = Pattern.compile("\\d{8}T\\d{6}Z-[0-9a-f]{4}");

  /**
   * {@code runId}, when it is one: a run id read from a file (evidence.json is input too) becomes a
   * folder name in the history only after this check, so no run can be stored outside it.
   */
  public static String checkedRunId(String runId) {
    if (runId == null || !RUN_ID.matcher(runId).matches()) {
      throw new UsageException(
          "run id '"
              + runId
              + "' is not an art32 run id (yyyyMMddTHHmmssZ-xxxx); nothing is stored under it");
    }
    return runId;
  }

  /** The folder inside a stored run that holds its later renderings. */
  public static final String RENDERS = "renders";

  /** Copies a written run (its artifacts and manifest) into the history. */
  public Path store(String runId, Path from, List<String> names) {
    if (contains(checkedRunId(runId))) {
      throw new EnvironmentException(
          "the history " + dir + " already holds run " + runId + "; a run is stored once");
    }
    return copy(from, dir.resolve(runId), names);
  }

  /**
   * Copies the files into a hidden folder beside {@code target} and moves that into place in one
   * step: the history holds a run whole or not at all (a full disk leaves no half run behind).
   */
  private static Path copy(Path from, Path target, List<String> names) {
    Path incoming =
        target.resolveSibling(
            ".incoming-" + target.getFileName() + "-" + ProcessHandle.current().pid());
    try {
      Files.createDirectories(incoming);
      for (String name : names) {
        Files.createDirectories(incoming.resolve(name).getParent());
        Files.copy(from.resolve(name), incoming.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
      Files.move(incoming, target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException e) {
      deleteQuietly(incoming);
      throw new EnvironmentException(
          "cannot store the run in the history "
              + target
              + " (nothing of it was stored): "
              + e.getMessage(),
          e);
    }
  }

  private static void deleteQuietly(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a hidden folder no run lists; the next store of that run starts it afresh
    }
  }
}
