package eu.art32.topology;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MySQL 5.7.9 and newer, statements by version: 5.7 and 8.0.0-8.0.21 use the SLAVE/MASTER words
 * ({@code SHOW SLAVE STATUS}, {@code CHANGE MASTER TO}); 8.0.22 brought {@code SHOW REPLICA
 * STATUS}, {@code START/STOP/RESET REPLICA}; 8.0.23 {@code CHANGE REPLICATION SOURCE TO}; 8.4
 * removed the old words and renamed {@code RESET MASTER} to {@code RESET BINARY LOGS AND GTIDS}.
 * GTIDs are uuid:interval sets and replicas auto-position.
 */
public record MySqlDialect(ServerVersion version) implements Dialect {
  /** 8.0.22: SHOW REPLICA STATUS, START/STOP/RESET REPLICA. */
  boolean replicaWords() {
    return version.atLeast(8, 0, 22);
  }

  /** 8.0.23: CHANGE REPLICATION SOURCE TO with SOURCE_* options. */
  boolean sourceWords() {
    return version.atLeast(8, 0, 23);
  }

  /** 8.4: RESET BINARY LOGS AND GTIDS, SHOW BINARY LOG STATUS; the MASTER/SLAVE words are gone. */
  boolean binaryLogWords() {
    return version.atLeast(8, 4, 0);
  }

  /**
   * 8.0.4 made caching_sha2_password the default, whose replication login over a channel without
   * TLS needs the source's RSA key: GET_MASTER_PUBLIC_KEY (GET_SOURCE_PUBLIC_KEY from 8.0.23).
   */
  boolean fetchesPublicKey() {
    return version.atLeast(8, 0, 4);
  }

  @Override
  public String flavor() {
    return "MySQL";
  }

  @Override
  public String replicaStatusSql() {
    return replicaWords() ? "SHOW REPLICA STATUS" : "SHOW SLAVE STATUS";
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
    return replicaWords() ? "STOP REPLICA" : "STOP SLAVE";
  }

  @Override
  public String startReplicaSql() {
    return replicaWords() ? "START REPLICA" : "START SLAVE";
  }

  @Override
  public String resetReplicaAllSql() {
    return replicaWords() ? "RESET REPLICA ALL" : "RESET SLAVE ALL";
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
  public List<String> fencedStartOptions() {
    return List.of("--read-only=ON", "--super-read-only=ON");
  }

  @Override
  public Transactions noTransactions() {
    return new Transactions.MySql(MySqlGtidSet.EMPTY);
  }

  @Override
  public String changeSourceSql(ReplicationSource source) {
    String word = sourceWords() ? "SOURCE" : "MASTER";
    StringBuilder sql =
        new StringBuilder(sourceWords() ? "CHANGE REPLICATION SOURCE TO " : "CHANGE MASTER TO ")
            .append(word)
            .append("_HOST=")
            .append(ReplicationSource.quote(source.host()))
            .append(", ")
            .append(word)
            .append("_PORT=")
            .append(source.port())
            .append(", ")
            .append(word)
            .append("_USER=")
            .append(ReplicationSource.quote(source.user()))
            .append(", ")
            .append(word)
            .append("_PASSWORD=")
            .append(ReplicationSource.quote(source.password().reveal()))
            .append(", ")
            .append(word)
            .append("_AUTO_POSITION=1, ")
            .append(word)
            .append("_CONNECT_RETRY=1, ");
    if (source.ssl()) {
      sql.append(word).append("_SSL=1");
      if (source.sslCa() != null && !source.sslCa().isBlank()) {
        sql.append(", ")
            .append(word)
            .append("_SSL_CA=")
            .append(ReplicationSource.quote(source.sslCa()));
      }
      sql.append(", ")
          .append(word)
          .append("_SSL_VERIFY_SERVER_CERT=")
          .append(source.verify() ? 1 : 0);
    } else {
      sql.append(word).append("_SSL=0");
      if (fetchesPublicKey()) {
        sql.append(", GET_").append(word).append("_PUBLIC_KEY=1");
      }
    }
    return sql.toString();
  }

  /** Forgets the binary logs and GTID history, before gtid_purged is set anew. */
  String resetBinaryLogsSql() {
    return binaryLogWords() ? "RESET BINARY LOGS AND GTIDS" : "RESET MASTER";
  }

  /** The primary's current binary-log file and position. */
  public String binaryLogStatusSql() {
    return binaryLogWords() ? "SHOW BINARY LOG STATUS" : "SHOW MASTER STATUS";
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
        resetBinaryLogsSql(),
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
    Matcher m = Pattern.compile("GTID_NEXT\\s*=\\s*'([^']+)'").matcher(info);
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
