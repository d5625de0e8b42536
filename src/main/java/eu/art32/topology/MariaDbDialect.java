package eu.art32.topology;

import java.util.List;
import java.util.Map;

/**
 * MariaDB 10.5 and newer: GTIDs as domain-server-sequence positions, replicas positioned by
 * gtid_slave_pos. {@code SHOW REPLICA STATUS} from 10.5.1 ({@code SHOW SLAVE STATUS} before); the
 * SLAVE words of the other statements work on every version and are kept. {@code CRC32C}, half of
 * the row hash, exists from 10.8.
 */
public record MariaDbDialect(ServerVersion version) implements Dialect {
  /** For callers that know no server yet (a dry-run plan with the primary down). */
  public static MariaDbDialect newest() {
    return new MariaDbDialect(ServerVersion.parse("11.4.0-MariaDB"));
  }

  @Override
  public String flavor() {
    return "MariaDB";
  }

  @Override
  public String replicaStatusSql() {
    return version.atLeast(10, 5, 1) ? "SHOW REPLICA STATUS" : "SHOW SLAVE STATUS";
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

  @Override
  public String executedGtidsSql() {
    return "SELECT @@GLOBAL.gtid_binlog_pos";
  }

  @Override
  public String replicatedGtidsSql() {
    return "SELECT @@GLOBAL.gtid_slave_pos";
  }

  @Override
  public String waitForGtidsSql() {
    return "SELECT MASTER_GTID_WAIT(?, ?)";
  }

  @Override
  public String stopReplicaSql() {
    return "STOP SLAVE";
  }

  @Override
  public String startReplicaSql() {
    return "START SLAVE";
  }

  @Override
  public String resetReplicaAllSql() {
    return "RESET SLAVE ALL";
  }

  @Override
  public List<String> writableSql() {
    return List.of("SET GLOBAL read_only = OFF");
  }

  @Override
  public List<String> fenceSql() {
    return List.of("SET GLOBAL read_only = ON");
  }

  @Override
  public List<String> fencedStartOptions() {
    return List.of("--read-only=ON");
  }

  @Override
  public Transactions noTransactions() {
    return new Transactions.MariaDb(List.of());
  }

  @Override
  public String changeSourceSql(ReplicationSource source) {
    String ssl =
        source.ssl()
            ? "MASTER_SSL=1"
                + (source.sslCa() == null || source.sslCa().isBlank()
                    ? ""
                    : ", MASTER_SSL_CA=" + ReplicationSource.quote(source.sslCa()))
                + ", MASTER_SSL_VERIFY_SERVER_CERT="
                + (source.verify() ? 1 : 0)
            : "MASTER_SSL=0";
    return "CHANGE MASTER TO MASTER_HOST="
        + ReplicationSource.quote(source.host())
        + ", MASTER_PORT="
        + source.port()
        + ", MASTER_USER="
        + ReplicationSource.quote(source.user())
        + ", MASTER_PASSWORD="
        + ReplicationSource.quote(source.password().reveal())
        + ", MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1, "
        + ssl;
  }

  @Override
  public Transactions missingFrom(String oldExecuted, String newExecuted, String commonPoint) {
    return new Transactions.MariaDb(
        MariaDbGtidPosition.parse(oldExecuted).beyond(MariaDbGtidPosition.parse(commonPoint)));
  }

  @Override
  public List<String> forgetTransactionsSql(
      String oldExecuted, Transactions errant, String commonPoint) {
    return List.of(
        "RESET MASTER",
        "SET GLOBAL gtid_slave_pos = "
            + ReplicationSource.quote(MariaDbGtidPosition.parse(commonPoint).toString()));
  }

  @Override
  public List<String> positionAsReplicaSql(String position) {
    return List.of(
        "SET GLOBAL gtid_slave_pos = "
            + ReplicationSource.quote(MariaDbGtidPosition.parse(position).toString()));
  }

  @Override
  public List<String> adminWritableSql() {
    return List.of();
  }

  @Override
  public String shutdownSql() {
    return "SHUTDOWN WAIT FOR ALL SLAVES";
  }

  @Override
  public String receivedGtids(Map<String, String> replicaStatus) {
    return replicaStatus.getOrDefault("Gtid_IO_Pos", "");
  }

  @Override
  public String gtidOfEvent(String eventType, String info) {
    if (!"Gtid".equalsIgnoreCase(eventType) || info == null) {
      return null;
    }
    String[] words = info.trim().split("\\s+");
    for (int i = 0; i < words.length - 1; i++) {
      if (words[i].equals("GTID")) {
        return words[i + 1];
      }
    }
    return null;
  }

  @Override
  public String rowHash(String row) {
    return version.atLeast(10, 8, 0)
        ? "CRC32(" + row + ") * CRC32C(" + row + ")"
        : "CRC32(" + row + ") * CRC32(REVERSE(" + row + "))";
  }

  @Override
  public String snapshotGtidSql() {
    return "SELECT BINLOG_GTID_POS(?, ?)";
  }

  @Override
  public boolean samePosition(String primary, String replica) {
    var mine = MariaDbGtidPosition.parse(replica).domains();
    return MariaDbGtidPosition.parse(primary).domains().entrySet().stream()
        .allMatch(e -> e.getValue().equals(mine.get(e.getKey())));
  }
}
