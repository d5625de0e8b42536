package eu.art32.topology;

import java.util.Map;

/** MySQL 8.0.22+: {@code SHOW REPLICA STATUS}, GTIDs as uuid:interval sets, auto-position. */
public record MySqlDialect() implements Dialect {
  @Override
  public String flavor() {
    return "MySQL";
  }

  @Override
  public String replicaStatusSql() {
    return "SHOW REPLICA STATUS";
  }

  @Override
  public boolean usesGtidAutoPosition(Map<String, String> replicaStatus) {
    return "1".equals(replicaStatus.get("Auto_Position"));
  }

  @Override
  public String gtidPositioning(Map<String, String> replicaStatus) {
    return "Auto_Position=" + replicaStatus.getOrDefault("Auto_Position", "(absent)");
  }

  @Override
  public String executedGtids(Map<String, String> variables) {
    return variables.getOrDefault("gtid_executed", "");
  }
}
