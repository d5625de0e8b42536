package eu.art32.evidence;

/**
 * Replication lag measured with a heartbeat row: art32 writes it on the primary every {@code
 * intervalMs} and polls the replica every {@code pollMs}; each sample is the time from the
 * primary's acknowledgement of a heartbeat to the first poll that saw it (or a newer one) on the
 * replica, on art32's own clock, so clock skew between the servers plays no part. {@code unseen}
 * heartbeats had not arrived when the window closed; {@code unseenMinMs} is how long the oldest of
 * them had been waiting. Beside it, what the server itself reported (Seconds_Behind_Master) over
 * the same window.
 */
public record LagEvidence(
    String table,
    int intervalMs,
    long windowMs,
    double pollMs,
    int written,
    int unseen,
    double unseenMinMs,
    LatencyEvidence.Stats stats,
    ServerFigure server) {

  /** The server's own lag figure: the largest value, samples taken, and samples that were NULL. */
  public record ServerFigure(String column, Long maxSeconds, int samples, int nulls) {}
}
