package eu.art32.evidence;

/**
 * Semi-synchronous replication as the two nodes of a pair said it: for each, the names it goes by
 * (master/slave or source/replica), the plugin it lacks (null when built in or loaded), whether it
 * waits for an acknowledgement as a primary and sends one as a replica, the wait point, the
 * timeout, the wait-for-replica count (null on MariaDB: one), and the primary side's status and
 * counters since the server started ({@code uptimeSeconds} ago); a counter the server did not give
 * is null.
 */
public record SemiSyncEvidence(Node primary, Node replica) {
  public record Node(
      String role,
      String names,
      String missingPlugin,
      boolean sourceEnabled,
      boolean replicaEnabled,
      String waitPoint,
      Long timeoutMillis,
      Long waitForCount,
      Boolean on,
      Long clients,
      Long yesTx,
      Long noTx,
      Long noTimes,
      Long avgWaitMicros,
      Boolean replicaOn,
      Long uptimeSeconds) {}
}
