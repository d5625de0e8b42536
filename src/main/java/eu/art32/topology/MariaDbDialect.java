package eu.art32.topology;

import java.util.Map;

/** MariaDB 10.5+: {@code SHOW REPLICA STATUS}, GTIDs as domain-server-sequence. */
public record MariaDbDialect() implements Dialect {
  @Override
  public String flavor() {
    return "MariaDB";
  }

  @Override
  public String replicaStatusSql() {
    return "SHOW REPLICA STATUS";
  }

  @Override
  public boolean usesGtidAutoPosition(Map<String, String> replicaStatus) {
    String using = replicaStatus.getOrDefault("Using_Gtid", "No");
    return using.equalsIgnoreCase("Slave_Pos") || using.equalsIgnoreCase("Current_Pos");
  }

  @Override
  public String gtidPositioning(Map<String, String> replicaStatus) {
    return "Using_Gtid=" + replicaStatus.getOrDefault("Using_Gtid", "(absent)");
  }

  @Override
  public String executedGtids(Map<String, String> variables) {
    return variables.getOrDefault("gtid_binlog_pos", "");
  }
}
