package eu.art32.evidence;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.List;

/**
 * Round-trip samples of one pair: from art32 to each node and, the figure that matters, from the
 * primary's host to the DR node; plus what semi-synchronous replication would cost at that RTT.
 */
public record LatencyEvidence(
    List<Series> series, String primaryToDrSource, Text primaryToDrSourceText, SemiSync semiSync) {
  public LatencyEvidence {
    series = List.copyOf(series);
  }

  /**
   * One set of samples: who measured what, at which level (tcp connect, sql round trip). {@code
   * measuredFor} names the pair of the same run whose audit took these samples when that was
   * another pair sharing the node (a node is sampled once per run), else null. {@code hostDelayMs}
   * is, per sample, how long the measuring host itself may have delayed it; {@code undistorted}
   * summarises the samples less that delay (a lower bound of what the path took); {@code host} is
   * what the host watch saw and {@code kernel} the kernel's own RTT of the connection (null when
   * not read).
   */
  public record Series(
      String name,
      String from,
      String to,
      String level,
      List<Double> samplesMs,
      Stats stats,
      String measuredFor,
      List<Double> hostDelayMs,
      Stats undistorted,
      HostNoise host,
      KernelRtt kernel) {
    public Series {
      samplesMs = List.copyOf(samplesMs);
      hostDelayMs = hostDelayMs == null ? Collections.nCopies(samplesMs.size(), 0.0) : hostDelayMs;
      hostDelayMs = List.copyOf(hostDelayMs);
      if (hostDelayMs.size() != samplesMs.size()) {
        throw new IllegalArgumentException("one host delay per sample");
      }
      undistorted = undistorted == null ? stats : undistorted;
    }

    /** A series without host figures (taken by an older probe, or built by a test). */
    public Series(
        String name,
        String from,
        String to,
        String level,
        List<Double> samplesMs,
        Stats stats,
        String measuredFor) {
      this(name, from, to, level, samplesMs, stats, measuredFor, null, null, null, null);
    }

    /** How many samples the host may have delayed (by 0.05 ms or more). */
    @JsonProperty
    public int distortedSamples() {
      return (int) hostDelayMs.stream().filter(d -> d >= 0.05).count();
    }

    /** The largest host delay within one sample, in milliseconds. */
    @JsonProperty
    public double largestHostDelayMs() {
      return hostDelayMs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
  }

  /** Summary of a series in milliseconds; jitter is the mean change between consecutive samples. */
  public record Stats(
      int count,
      int failures,
      Double min,
      Double p50,
      Double p95,
      Double p99,
      Double max,
      Double mean,
      Double jitter) {}

  /**
   * Semi-synchronous replication waits for the DR node's acknowledgement: at least one
   * primary-to-DR round trip per commit. {@code commitMs} is a measured single-connection commit
   * (from a drill in this run) or null.
   */
  public record SemiSync(
      double addedMsPerCommit,
      double ceilingCommitsPerSecond,
      Double commitMs,
      Double commitsPerSecondNow,
      Double commitsPerSecondSemiSync,
      String achievedRpo) {}
}
