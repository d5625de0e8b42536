package eu.art32.evidence;

/**
 * Replication lag measured with a heartbeat row: art32 writes it on the primary every {@code
 * intervalMs} and polls the replica every {@code pollMs}; each sample is the time from the
 * primary's acknowledgement of a heartbeat to the first poll that saw it (or a newer one) on the
 * replica, on art32's own clock, so clock skew between the servers plays no part. {@code unseen}
 * heartbeats had not arrived when the window closed; {@code unseenMinMs} is how long the oldest of
 * them had been waiting. Beside it, what the server itself reported (Seconds_Behind_Master) over
 * the same window. {@code undistorted} summarises each sample's lower bound: the time from the
 * acknowledgement to the start of the poll before the one that saw it (the heartbeat was not there
 * yet), which no delay of art32's polling can raise; {@code unseenMinUndistortedMs} likewise for
 * the oldest unseen heartbeat; {@code host} is what the host watch saw over the window.
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
    ServerFigure server,
    LatencyEvidence.Stats undistorted,
    double unseenMinUndistortedMs,
    HostNoise host) {
  public LagEvidence {
    undistorted = undistorted == null ? stats : undistorted;
  }

  /** The p99 lag, or the oldest unseen heartbeat's wait when larger: measured and undistorted. */
  public TimedFigure worst() {
    double measured = Math.max(stats.p99() == null ? 0 : stats.p99(), unseen > 0 ? unseenMinMs : 0);
    double lower =
        Math.max(
            undistorted.p99() == null ? 0 : undistorted.p99(),
            unseen > 0 ? unseenMinUndistortedMs : 0);
    return new TimedFigure(measured, lower);
  }

  /** The server's own lag figure: the largest value, samples taken, and samples that were NULL. */
  public record ServerFigure(String column, Long maxSeconds, int samples, int nulls) {}
}
