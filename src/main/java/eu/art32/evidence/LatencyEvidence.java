package eu.art32.evidence;

import java.util.List;

/**
 * Round-trip samples of one pair: from art32 to each node and, the figure that matters, from the
 * primary's host to the DR node; plus what semi-synchronous replication would cost at that RTT.
 */
public record LatencyEvidence(List<Series> series, String primaryToDrSource, SemiSync semiSync) {
  public LatencyEvidence {
    series = List.copyOf(series);
  }

  /**
   * One set of samples: who measured what, at which level (tcp connect, sql round trip). {@code
   * measuredFor} names the pair of the same run whose audit took these samples when that was
   * another pair sharing the node (a node is sampled once per run), else null.
   */
  public record Series(
      String name,
      String from,
      String to,
      String level,
      List<Double> samplesMs,
      Stats stats,
      String measuredFor) {
    public Series {
      samplesMs = List.copyOf(samplesMs);
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
