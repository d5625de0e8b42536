package eu.art32.evidence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import eu.art32.Art32Exception;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * evidence.json: the run's records plus the verdicts computed from them, so that reports, CI and
 * auditors read the same numbers.
 */
public final class EvidenceJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private EvidenceJson() {}

  /**
   * Reads stored evidence back into its records, as {@code art32 report --from} must before it
   * renders: a missing part, a null list or an unknown status is refused with the JSON path, and
   * the stored verdicts must be the ones the findings give.
   *
   * @throws IllegalArgumentException with a one-line reason
   */
  public static RunEvidence read(JsonNode tree) {
    RunEvidence run;
    try {
      run =
          MAPPER
              .copy()
              .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
              .treeToValue(tree, RunEvidence.class);
    } catch (JsonProcessingException | RuntimeException e) {
      StringBuilder where = new StringBuilder();
      if (e instanceof JsonMappingException m) {
        for (var ref : m.getPath()) {
          where
              .append('/')
              .append(ref.getFieldName() != null ? ref.getFieldName() : ref.getIndex());
        }
      }
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      String reason =
          cause instanceof NullPointerException
              ? "a required part is missing or null"
              : Art32Exception.firstLine(
                  e instanceof JsonMappingException m
                      ? m.getOriginalMessage()
                      : String.valueOf(e.getMessage()));
      throw new IllegalArgumentException((where.isEmpty() ? "" : "at " + where + ": ") + reason, e);
    }
    if (run.pairs().isEmpty()) {
      throw new IllegalArgumentException("no pairs");
    }
    if (!tree.path("verdict").asText().equals(run.verdict().name())) {
      throw new IllegalArgumentException(
          "the stored verdict "
              + tree.path("verdict").asText()
              + " is not the one its findings give ("
              + run.verdict().name()
              + ")");
    }
    // what toTree derives from the findings is read by the report: it must be there and agree
    ObjectNode derived = toTree(run);
    for (String key : List.of("completeness", "durationMillis", "totals")) {
      derivedAgrees(tree, derived, key, "");
    }
    for (int i = 0; i < run.pairs().size(); i++) {
      for (String key : List.of("verdict", "areas", "totals")) {
        if (!tree.path("pairs").path(i).has(key)) {
          throw new IllegalArgumentException("missing key 'pairs/" + i + "/" + key + "'");
        }
      }
    }
    return run;
  }

  private static void derivedAgrees(JsonNode stored, JsonNode derived, String key, String at) {
    if (!stored.has(key)) {
      throw new IllegalArgumentException("missing key '" + at + key + "'");
    }
    // compared as JSON text: a number read back may be an int where it was written as a long
    if (!stored.get(key).toString().equals(derived.get(key).toString())) {
      throw new IllegalArgumentException(
          "the stored '" + at + key + "' is not what its findings give");
    }
  }

  public static ObjectNode toTree(RunEvidence run) {
    ObjectNode tree = MAPPER.valueToTree(run);
    tree.put("completeness", run.completeness());
    tree.put("verdict", run.verdict().name());
    tree.put("durationMillis", run.durationMillis());
    ObjectNode totals = tree.putObject("totals");
    run.totals().forEach((status, count) -> totals.put(status.name(), count));
    ArrayNode pairs = (ArrayNode) tree.get("pairs");
    for (int i = 0; i < run.pairs().size(); i++) {
      PairEvidence pair = run.pairs().get(i);
      ObjectNode node = (ObjectNode) pairs.get(i);
      node.put("verdict", pair.verdict().name());
      ArrayNode areas = node.putArray("areas");
      for (Area area : run.areas()) {
        ObjectNode a = areas.addObject();
        a.put("id", area.id());
        a.put("title", area.title());
        a.put("status", pair.status(area.id()).name());
      }
      ObjectNode counts = node.putObject("totals");
      for (Status status : Status.values()) {
        counts.put(status.name(), pair.count(status));
      }
    }
    return tree;
  }

  /** The evidence as plain maps and lists, the model the report templates read. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> toModel(ObjectNode tree) {
    return MAPPER.convertValue(tree, Map.class);
  }

  public static String toJson(ObjectNode tree) {
    try {
      return MAPPER.writeValueAsString(tree) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes text beside its final name and moves it in place, so no reader sees half a file. */
  public static void writeAtomically(Path file, byte[] content) throws IOException {
    Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.write(temp, content);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  public static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The SHA-256 of a file, read as a stream: a file of any size costs no more memory. */
  public static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /**
   * The most bytes of an evidence.json read back: far above what a run of the most pairs writes.
   */
  public static final long MAX_BYTES = 512L << 20;

  /**
   * A stored evidence.json as a tree, bounded before it is held in memory: a file over {@link
   * #MAX_BYTES} is refused with its size (an IOException saying so), never an out-of-memory error.
   */
  public static JsonNode readStored(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_BYTES) {
      throw new IOException(
          (size >> 20)
              + " MiB, larger than any evidence.json art32 writes (at most "
              + (MAX_BYTES >> 20)
              + " MiB read back)");
    }
    return new ObjectMapper().readTree(file.toFile());
  }
}
