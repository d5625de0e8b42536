package eu.art32.integrity;

import com.fasterxml.jackson.annotation.JsonInclude;
import eu.art32.EnvironmentException;
import eu.art32.evidence.EvidenceJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * checkpoint.json at the top of a history whose oldest runs were pruned: every pruned run with its
 * manifest's SHA-256, the newest of them (the head the first kept run names as its previous run),
 * and a signature, so the chain stays checkable from the checkpoint on. Pruning again extends the
 * list and names the checkpoint it replaced.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Checkpoint(
    String schema,
    Instant createdAt,
    List<History.Link> pruned,
    History.Link head,
    String replacesCheckpointSha256,
    Manifest.Signature signature) {
  public static final String SCHEMA = "art32.checkpoint/1";
  public static final String FILE = "checkpoint.json";

  public Checkpoint {
    pruned = List.copyOf(pruned);
  }

  /** The bytes a signature covers: this checkpoint without its signature, compact. */
  public byte[] signedBytes() {
    try {
      return Manifest.JSON.writeValueAsBytes(
          new Checkpoint(schema, createdAt, pruned, head, replacesCheckpointSha256, null));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  Checkpoint signedWith(Manifest.Signature value) {
    return new Checkpoint(schema, createdAt, pruned, head, replacesCheckpointSha256, value);
  }

  /** Whether {@code runId} is one of the pruned runs. */
  public boolean prunedRun(String runId) {
    return pruned.stream().anyMatch(l -> l.runId().equals(runId));
  }

  public static Checkpoint read(Path file) throws IOException {
    return Manifest.JSON.readValue(file.toFile(), Checkpoint.class);
  }

  Path write(Path dir) {
    Path file = dir.resolve(FILE);
    try {
      EvidenceJson.writeAtomically(
          file,
          (Manifest.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this) + "\n")
              .getBytes(StandardCharsets.UTF_8));
      return file;
    } catch (IOException e) {
      throw new EnvironmentException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  static String digest(Path file) {
    try {
      return Files.exists(file) ? EvidenceJson.sha256(file) : null;
    } catch (IOException e) {
      throw new EnvironmentException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
