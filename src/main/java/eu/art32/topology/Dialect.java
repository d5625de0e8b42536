package eu.art32.topology;

import java.util.Map;

/** What differs between MySQL 8.x and MariaDB when reading a node's replication state. */
public sealed interface Dialect permits MariaDbDialect, MySqlDialect {
  /** Detects the flavor from {@code SELECT VERSION()}. */
  static Dialect of(String version) {
    return version.toLowerCase(java.util.Locale.ROOT).contains("mariadb")
        ? new MariaDbDialect()
        : new MySqlDialect();
  }

  String flavor();

  String replicaStatusSql();

  /** The replica uses GTID auto-positioning, judged from its normalised status row. */
  boolean usesGtidAutoPosition(Map<String, String> replicaStatus);

  /** What the GTID positioning column says, for the report. */
  String gtidPositioning(Map<String, String> replicaStatus);

  /** The executed GTID set of the node, from its variables. */
  String executedGtids(Map<String, String> variables);
}
