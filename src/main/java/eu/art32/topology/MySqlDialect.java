package eu.art32.topology;

import java.util.List;
import java.util.Map;

/**
 * MySQL 8.0.23+: {@code SHOW REPLICA STATUS}, GTIDs as uuid:interval sets, auto-position. From 8.4
 * {@code RESET MASTER} is {@code RESET BINARY LOGS AND GTIDS}.
 */
public record MySqlDialect(boolean since84) implements Dialect {
  public MySqlDialect() {
    this(true);
  }

  static MySqlDialect forVersion(String version) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)").matcher(version.trim());
    if (!m.find()) {
      return new MySqlDialect(true);
    }
    int major = Integer.parseInt(m.group(1));
    int minor = Integer.parseInt(m.group(2));
    return new MySqlDialect(major > 8 || (major == 8 && minor >= 4));
  }

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

  @Override
  public String executedGtidsSql() {
    return "SELECT @@GLOBAL.gtid_executed";
  }

  @Override
  public String replicatedGtidsSql() {
    return "SELECT @@GLOBAL.gtid_executed";
  }

  @Override
  public String waitForGtidsSql() {
    return "SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)";
  }

  @Override
  public String stopReplicaSql() {
    return "STOP REPLICA";
  }

  @Override
  public String startReplicaSql() {
    return "START REPLICA";
  }

  @Override
  public String resetReplicaAllSql() {
    return "RESET REPLICA ALL";
  }

  @Override
  public List<String> writableSql() {
    return List.of("SET GLOBAL super_read_only = OFF", "SET GLOBAL read_only = OFF");
  }

  @Override
  public List<String> fenceSql() {
    return List.of("SET GLOBAL read_only = ON", "SET GLOBAL super_read_only = ON");
  }

  @Override
  public String changeSourceSql(ReplicationSource source) {
    String ssl =
        source.ssl()
            ? "SOURCE_SSL=1"
                + (source.sslCa() == null || source.sslCa().isBlank()
                    ? ""
                    : ", SOURCE_SSL_CA=" + ReplicationSource.quote(source.sslCa()))
                + ", SOURCE_SSL_VERIFY_SERVER_CERT="
                + (source.verify() ? 1 : 0)
            : "SOURCE_SSL=0, GET_SOURCE_PUBLIC_KEY=1";
    return "CHANGE REPLICATION SOURCE TO SOURCE_HOST="
        + ReplicationSource.quote(source.host())
        + ", SOURCE_PORT="
        + source.port()
        + ", SOURCE_USER="
        + ReplicationSource.quote(source.user())
        + ", SOURCE_PASSWORD="
        + ReplicationSource.quote(source.password().reveal())
        + ", SOURCE_AUTO_POSITION=1, SOURCE_CONNECT_RETRY=1, "
        + ssl;
  }

  @Override
  public Transactions missingFrom(String oldExecuted, String newExecuted, String commonPoint) {
    return new Transactions.MySql(
        MySqlGtidSet.parse(oldExecuted).minus(MySqlGtidSet.parse(newExecuted)));
  }

  @Override
  public List<String> forgetTransactionsSql(
      String oldExecuted, Transactions errant, String commonPoint) {
    MySqlGtidSet keep = MySqlGtidSet.parse(oldExecuted).minus(((Transactions.MySql) errant).set());
    return List.of(
        since84 ? "RESET BINARY LOGS AND GTIDS" : "RESET MASTER",
        "SET GLOBAL gtid_purged = " + ReplicationSource.quote(keep.toString()));
  }

  @Override
  public List<String> positionAsReplicaSql(String position) {
    return List.of();
  }

  @Override
  public List<String> adminWritableSql() {
    return List.of("SET GLOBAL super_read_only = OFF");
  }

  @Override
  public String shutdownSql() {
    return "SHUTDOWN";
  }

  @Override
  public String receivedGtids(Map<String, String> replicaStatus) {
    return replicaStatus.getOrDefault("Retrieved_Gtid_Set", "");
  }

  @Override
  public String gtidOfEvent(String eventType, String info) {
    if (!"Gtid".equalsIgnoreCase(eventType) || info == null) {
      return null;
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("GTID_NEXT\\s*=\\s*'([^']+)'").matcher(info);
    return m.find() ? m.group(1) : null;
  }

  @Override
  public String rowHash(String row) {
    return "CRC32(" + row + ") * CRC32(REVERSE(" + row + "))";
  }

  @Override
  public String snapshotGtidSql() {
    return null;
  }

  @Override
  public boolean samePosition(String primary, String replica) {
    var theirs = MySqlGtidSet.parse(replica).intervals();
    return MySqlGtidSet.parse(primary).intervals().entrySet().stream()
        .allMatch(e -> e.getValue().equals(theirs.get(e.getKey())));
  }
}
