package eu.art32.lag;

import eu.art32.Art32Exception;
import eu.art32.config.PairConfig;
import eu.art32.evidence.LagEvidence;
import eu.art32.topology.NodeConnector;
import eu.art32.topology.NodeSnapshot;

/**
 * The heartbeat of one pair's audit, running while the other checks load the servers; or the reason
 * it does not run (switched off, pair unreadable, primary refused the write).
 */
final class HeartbeatRun {
  private final Heartbeat heartbeat;
  private String notRun;

  private HeartbeatRun(Heartbeat heartbeat, String notRun) {
    this.heartbeat = heartbeat;
    this.notRun = notRun;
  }

  static HeartbeatRun start(
      PairConfig pair, NodeSnapshot primary, NodeSnapshot replica, NodeConnector connector) {
    if (!pair.checks().heartbeat().enabled()) {
      return new HeartbeatRun(null, "heartbeat.enabled is false for this pair");
    }
    if (primary == null || replica == null) {
      return new HeartbeatRun(null, "the pair could not be read");
    }
    Heartbeat heartbeat =
        new Heartbeat(pair.checks().heartbeat(), pair.primary(), pair.replica(), connector);
    try {
      heartbeat.start(primary.dialect());
      return new HeartbeatRun(heartbeat, null);
    } catch (Art32Exception e) {
      heartbeat.close();
      return new HeartbeatRun(null, e.getMessage());
    }
  }

  /** The measured lag, or null with {@link #notRun()} saying why. */
  LagEvidence finish(long graceMillis) {
    if (heartbeat == null) {
      return null;
    }
    try {
      return heartbeat.finish(graceMillis);
    } catch (Art32Exception e) {
      notRun = e.getMessage();
      return null;
    }
  }

  /** Stops the heartbeat's threads, also when the audit failed before {@link #finish}. */
  void close() {
    if (heartbeat != null) {
      heartbeat.close();
    }
  }

  String notRun() {
    return notRun;
  }
}
