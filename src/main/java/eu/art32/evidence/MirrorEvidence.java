package eu.art32.evidence;

import java.util.List;

/**
 * The file mirror of a pair: the lsyncd sync that carries it, how fresh it is (canary files), and
 * what differs between source and mirror. {@code canaryUndistortedMs}: per canary, the time to the
 * start of the last check that did not find it yet, a lower bound no late check of a busy art32
 * host can raise.
 */
public record MirrorEvidence(
    String lsyncdConfig,
    String layer,
    String source,
    String target,
    List<String> excludes,
    List<Double> canaryDelaysMs,
    Double p50Ms,
    Double maxMs,
    Integer canariesLost,
    String mode,
    Long filesCompared,
    Long bytesCompared,
    Long missing,
    Long extra,
    Long different,
    Long changedDuringScan,
    String oldestUnsyncedChange,
    List<String> samples,
    Double scanSeconds,
    List<Double> canaryUndistortedMs) {
  public MirrorEvidence {
    excludes = excludes == null ? List.of() : List.copyOf(excludes);
    canaryDelaysMs = canaryDelaysMs == null ? List.of() : List.copyOf(canaryDelaysMs);
    samples = samples == null ? List.of() : List.copyOf(samples);
    canaryUndistortedMs =
        canaryUndistortedMs == null ? canaryDelaysMs : List.copyOf(canaryUndistortedMs);
  }
}
