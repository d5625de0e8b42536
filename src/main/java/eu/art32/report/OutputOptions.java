package eu.art32.report;

import eu.art32.UsageException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How a run's outputs are written: the report language, the gate's --fail-on severity, the history
 * directory the run is chained into (may be null), the Ed25519 key pair that signs the manifest
 * (may be null), the RFC 3161 time-stamping authority that timestamps it (may be null), and whether
 * each pair's evidence is written beside the run's as {@code pairs/<name>/evidence.json} (a fleet
 * run's).
 */
public record OutputOptions(
    String language,
    Gate gate,
    Path historyDir,
    Path privateKey,
    Path publicKey,
    URI timestampAuthority,
    boolean pairFiles) {
  public static final OutputOptions DEFAULT =
      new OutputOptions("en", Gate.DEFAULT, null, null, null);

  public OutputOptions(
      String language, Gate gate, Path historyDir, Path privateKey, Path publicKey) {
    this(language, gate, historyDir, privateKey, publicKey, null, false);
  }

  public OutputOptions(
      String language,
      Gate gate,
      Path historyDir,
      Path privateKey,
      Path publicKey,
      URI timestampAuthority) {
    this(language, gate, historyDir, privateKey, publicKey, timestampAuthority, false);
  }

  /** The same options, writing each pair's evidence beside the run's. */
  public OutputOptions withPairFiles() {
    return new OutputOptions(
        language, gate, historyDir, privateKey, publicKey, timestampAuthority, true);
  }

  public OutputOptions {
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(gate, "gate");
    if ((privateKey == null) != (publicKey == null)) {
      throw new UsageException("signing needs both the private and the public key");
    }
  }
}
