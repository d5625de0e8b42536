package eu.art32.integrity;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import eu.art32.EnvironmentException;
import eu.art32.evidence.EvidenceJson;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * manifest.json: the SHA-256 of every artifact of a run, the digest of the previous run's manifest
 * (the chain), and optionally an Ed25519 signature over all of that.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Manifest(
    String schema,
    String runId,
    Instant createdAt,
    String previousRunId,
    String previousManifestSha256,
    List<Artifact> artifacts,
    @JsonInclude(JsonInclude.Include.NON_NULL) Rendering rendering,
    Signature signature) {
  public static final String SCHEMA = "art32.manifest/1";
  public static final String FILE = "manifest.json";

  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  /** One file of the run. */
  public record Artifact(String name, String sha256, long bytes) {}

  /**
   * How the report files were rendered: language, the template (where it was read and its SHA-256),
   * the rules version the run was judged by, the art32 version that rendered it, and for a render
   * of a run written before, {@code rerenderOf}: the SHA-256 of that run's manifest (verified
   * before this render was signed). Absent from manifests of art32 before it was recorded.
   */
  public record Rendering(
      String language,
      String template,
      String templateSha256,
      String rulesVersion,
      String renderedBy,
      String rerenderOf) {}

  /** Who signed: the algorithm, the public key (X.509, base64) and the signature (base64). */
  public record Signature(String algorithm, String publicKey, String value) {}

  public Manifest {
    artifacts = List.copyOf(artifacts);
  }

  /** The manifest of the files in {@code dir} named {@code names}, chained to {@code previous}. */
  public static Manifest of(
      String runId, Path dir, List<String> names, History.Link previous, Rendering rendering) {
    List<Artifact> artifacts = new ArrayList<>();
    for (String name : names) {
      try {
        Path file = dir.resolve(name);
        artifacts.add(new Artifact(name, EvidenceJson.sha256(file), Files.size(file)));
      } catch (IOException e) {
        throw new EnvironmentException(
            "cannot read " + dir.resolve(name) + " for the manifest: " + e.getMessage(), e);
      }
    }
    return new Manifest(
        SCHEMA,
        runId,
        Instant.now(),
        previous == null ? null : previous.runId(),
        previous == null ? null : previous.manifestSha256(),
        artifacts,
        rendering,
        null);
  }

  /** The bytes a signature covers: this manifest without its signature, compact. */
  public byte[] signedBytes() {
    try {
      return JSON.writeValueAsBytes(
          new Manifest(
              schema,
              runId,
              createdAt,
              previousRunId,
              previousManifestSha256,
              artifacts,
              rendering,
              null));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public Manifest signedWith(Signature value) {
    return new Manifest(
        schema,
        runId,
        createdAt,
        previousRunId,
        previousManifestSha256,
        artifacts,
        rendering,
        value);
  }

  /**
   * Beside a signed manifest: the exact bytes the signature covers, and the raw signature, so
   * {@code openssl pkeyutl -verify -pubin -inkey KEY.pub -rawin -in manifest.signed -sigfile
   * manifest.sig} checks it without art32.
   */
  public static final String SIGNED = "manifest.signed";

  public static final String SIG = "manifest.sig";

  /**
   * Stamps this written manifest: writes manifest.signed (when a signature did not already) and the
   * token over it as manifest.tsr. Returns the files written.
   */
  public List<String> timestamp(Path dir, URI authority) {
    byte[] token = Timestamps.request(authority, signedBytes(), Duration.ofSeconds(30));
    try {
      EvidenceJson.writeAtomically(dir.resolve(SIGNED), signedBytes());
      EvidenceJson.writeAtomically(dir.resolve(Timestamps.FILE), token);
    } catch (IOException e) {
      throw new EnvironmentException(
          "cannot write " + dir.resolve(Timestamps.FILE) + ": " + e.getMessage(), e);
    }
    return List.of(SIGNED, Timestamps.FILE);
  }

  /** The files this manifest is written as: manifest.json, and when signed the two beside it. */
  public List<String> files() {
    return signature == null ? List.of(FILE) : List.of(FILE, SIGNED, SIG);
  }

  public Path write(Path dir) {
    Path file = dir.resolve(FILE);
    try {
      if (signature != null) {
        EvidenceJson.writeAtomically(dir.resolve(SIGNED), signedBytes());
        EvidenceJson.writeAtomically(
            dir.resolve(SIG), Base64.getDecoder().decode(signature.value()));
      } else {
        Files.deleteIfExists(dir.resolve(SIGNED));
        Files.deleteIfExists(dir.resolve(SIG));
      }
      // a token over an earlier manifest no longer holds; a new one is asked for after this
      Files.deleteIfExists(dir.resolve(Timestamps.FILE));
      EvidenceJson.writeAtomically(
          file,
          (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this) + "\n")
              .getBytes(StandardCharsets.UTF_8));
      return file;
    } catch (IOException e) {
      throw new EnvironmentException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** No manifest art32 writes comes near this. */
  static final long MAX_BYTES = 16 << 20;

  /**
   * Reads a manifest as input (it may have been edited): bounded in size, and every name it lists
   * must be a file inside the run, the previous run id an art32 run id, before any is joined to a
   * path; an IOException says what is wrong.
   */
  public static Manifest read(Path file) throws IOException {
    if (Files.isRegularFile(file) && Files.size(file) > MAX_BYTES) {
      throw new IOException("larger than " + (MAX_BYTES >> 20) + " MiB, no manifest art32 wrote");
    }
    Manifest manifest = JSON.readValue(file.toFile(), Manifest.class);
    for (Artifact artifact : manifest.artifacts()) {
      String name = artifact.name();
      if (name == null
          || name.isEmpty()
          || name.contains("\\")
          || Path.of(name).isAbsolute()
          || !Path.of(name).normalize().toString().equals(name)
          || Path.of(name).startsWith("..")) {
        throw new IOException("it lists '" + name + "', which is no file inside the run");
      }
    }
    String previous = manifest.previousRunId();
    if (previous != null && !History.RUN_ID.matcher(previous).matches()) {
      throw new IOException("its previousRunId '" + previous + "' is not an art32 run id");
    }
    return manifest;
  }
}
