package eu.art32.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.art32.EnvironmentException;
import eu.art32.config.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The statements art32 sends, at every version boundary where MySQL or MariaDB changed them. MySQL
 * 8.4 and 9.x cannot run on the build machine; these statements are what covers them.
 */
class DialectStatementsTest {
  private static final ReplicationSource PLAIN =
      new ReplicationSource("db1", 3306, "repl", new Secret("pw", "test"), false, null, false);
  private static final ReplicationSource VERIFIED =
      new ReplicationSource("db1", 3306, "repl", new Secret("pw", "test"), true, "/ca.pem", true);

  private static Dialect of(String version) {
    return Dialect.of(version);
  }

  @Test
  void parsesTheVersionsServersReport() {
    assertThat(ServerVersion.parse("5.7.22-log").label()).isEqualTo("MySQL 5.7.22");
    assertThat(ServerVersion.parse("8.0.15").atLeast(8, 0, 15)).isTrue();
    assertThat(ServerVersion.parse("8.0.15").atLeast(8, 0, 16)).isFalse();
    assertThat(ServerVersion.parse("11.4.5-MariaDB-log").label()).isEqualTo("MariaDB 11.4.5");
    assertThat(ServerVersion.parse("5.5.5-10.11.5-MariaDB-1:10.11.5+maria~deb12").label())
        .isEqualTo("MariaDB 10.11.5");
    assertThat(ServerVersion.parse("9.1").patch()).isZero();
    assertThatThrownBy(() -> ServerVersion.parse("banana"))
        .hasMessageContaining("cannot read the server version 'banana'");
  }

  @Test
  void mysqlBefore8022UsesTheSlaveAndMasterWords() {
    for (String version : List.of("5.7.22-log", "8.0.15", "8.0.21")) {
      Dialect d = of(version);
      assertThat(d.replicaStatusSql()).as(version).isEqualTo("SHOW SLAVE STATUS");
      assertThat(d.startReplicaSql()).as(version).isEqualTo("START SLAVE");
      assertThat(d.stopReplicaSql()).as(version).isEqualTo("STOP SLAVE");
      assertThat(d.resetReplicaAllSql()).as(version).isEqualTo("RESET SLAVE ALL");
      assertThat(d.changeSourceSql(VERIFIED))
          .as(version)
          .isEqualTo(
              "CHANGE MASTER TO MASTER_HOST='db1', MASTER_PORT=3306, MASTER_USER='repl',"
                  + " MASTER_PASSWORD='pw', MASTER_AUTO_POSITION=1, MASTER_CONNECT_RETRY=1,"
                  + " MASTER_SSL=1, MASTER_SSL_CA='/ca.pem', MASTER_SSL_VERIFY_SERVER_CERT=1");
      assertThat(((MySqlDialect) d).binaryLogStatusSql()).isEqualTo("SHOW MASTER STATUS");
    }
  }

  @Test
  void thePublicKeyIsFetchedFrom804WhenTheChannelHasNoTls() {
    assertThat(of("5.7.22").changeSourceSql(PLAIN))
        .endsWith("MASTER_SSL=0")
        .doesNotContain("PUBLIC_KEY");
    assertThat(of("8.0.3").changeSourceSql(PLAIN)).doesNotContain("PUBLIC_KEY");
    assertThat(of("8.0.4").changeSourceSql(PLAIN))
        .endsWith("MASTER_SSL=0, GET_MASTER_PUBLIC_KEY=1");
    assertThat(of("8.0.15").changeSourceSql(PLAIN))
        .endsWith("MASTER_SSL=0, GET_MASTER_PUBLIC_KEY=1");
    assertThat(of("8.0.23").changeSourceSql(PLAIN))
        .endsWith("SOURCE_SSL=0, GET_SOURCE_PUBLIC_KEY=1");
    assertThat(of("8.0.15").changeSourceSql(VERIFIED)).doesNotContain("PUBLIC_KEY");
  }

  @Test
  void mysql8022BringsReplicaWordsAnd8023TheSourceStatement() {
    Dialect d22 = of("8.0.22");
    assertThat(d22.replicaStatusSql()).isEqualTo("SHOW REPLICA STATUS");
    assertThat(d22.startReplicaSql()).isEqualTo("START REPLICA");
    assertThat(d22.stopReplicaSql()).isEqualTo("STOP REPLICA");
    assertThat(d22.resetReplicaAllSql()).isEqualTo("RESET REPLICA ALL");
    assertThat(d22.changeSourceSql(VERIFIED)).startsWith("CHANGE MASTER TO MASTER_HOST='db1'");
    Dialect d23 = of("8.0.23");
    assertThat(d23.changeSourceSql(VERIFIED))
        .isEqualTo(
            "CHANGE REPLICATION SOURCE TO SOURCE_HOST='db1', SOURCE_PORT=3306,"
                + " SOURCE_USER='repl', SOURCE_PASSWORD='pw', SOURCE_AUTO_POSITION=1,"
                + " SOURCE_CONNECT_RETRY=1, SOURCE_SSL=1, SOURCE_SSL_CA='/ca.pem',"
                + " SOURCE_SSL_VERIFY_SERVER_CERT=1");
  }

  @Test
  void mysql84AndNineResetBinaryLogsAndShowBinaryLogStatus() {
    Transactions errant = of("8.0.39").missingFrom(A + ":1-12", A + ":1-10", "");
    assertThat(of("8.3.0").forgetTransactionsSql(A + ":1-12", errant, ""))
        .containsExactly("RESET MASTER", "SET GLOBAL gtid_purged = '" + A + ":1-10'");
    assertThat(((MySqlDialect) of("8.3.0")).binaryLogStatusSql()).isEqualTo("SHOW MASTER STATUS");
    for (String version : List.of("8.4.0", "8.4.3", "9.1.0", "9.5.0")) {
      Dialect d = of(version);
      assertThat(d.forgetTransactionsSql(A + ":1-12", errant, ""))
          .as(version)
          .containsExactly(
              "RESET BINARY LOGS AND GTIDS", "SET GLOBAL gtid_purged = '" + A + ":1-10'");
      assertThat(((MySqlDialect) d).binaryLogStatusSql())
          .as(version)
          .isEqualTo("SHOW BINARY LOG STATUS");
      assertThat(d.replicaStatusSql()).as(version).isEqualTo("SHOW REPLICA STATUS");
      assertThat(d.changeSourceSql(PLAIN)).as(version).startsWith("CHANGE REPLICATION SOURCE TO");
    }
  }

  @Test
  void mysqlFencingSetsSuperReadOnlyOnEveryVersion() {
    for (String version : List.of("5.7.22", "8.0.15", "8.4.3")) {
      assertThat(of(version).fenceSql())
          .containsExactly("SET GLOBAL read_only = ON", "SET GLOBAL super_read_only = ON");
      assertThat(of(version).writableSql())
          .containsExactly("SET GLOBAL super_read_only = OFF", "SET GLOBAL read_only = OFF");
      assertThat(of(version).waitForGtidsSql())
          .isEqualTo("SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)");
    }
  }

  @Test
  void mariadbReplicaStatusFrom1051AndCrc32cFrom108() {
    assertThat(of("10.5.0-MariaDB").replicaStatusSql()).isEqualTo("SHOW SLAVE STATUS");
    assertThat(of("10.5.1-MariaDB").replicaStatusSql()).isEqualTo("SHOW REPLICA STATUS");
    assertThat(of("10.11.5-MariaDB-log").replicaStatusSql()).isEqualTo("SHOW REPLICA STATUS");
    assertThat(of("10.6.20-MariaDB").rowHash("r")).isEqualTo("CRC32(r) * CRC32(REVERSE(r))");
    assertThat(of("10.8.0-MariaDB").rowHash("r")).isEqualTo("CRC32(r) * CRC32C(r)");
    assertThat(of("11.4.5-MariaDB").rowHash("r")).isEqualTo("CRC32(r) * CRC32C(r)");
    for (String version : List.of("10.5.1-MariaDB", "10.11.5-MariaDB", "11.4.5-MariaDB")) {
      Dialect d = of(version);
      assertThat(d.startReplicaSql()).isEqualTo("START SLAVE");
      assertThat(d.changeSourceSql(VERIFIED))
          .startsWith("CHANGE MASTER TO MASTER_HOST='db1'")
          .contains("MASTER_USE_GTID=slave_pos");
      assertThat(d.shutdownSql()).isEqualTo("SHUTDOWN WAIT FOR ALL SLAVES");
    }
  }

  @Test
  void versionsArt32CannotDriveAreRefusedByName() {
    assertThatThrownBy(() -> Dialect.of("5.6.51-log"))
        .isInstanceOf(EnvironmentException.class)
        .hasMessageStartingWith("MySQL 5.6.51 is not supported: art32 needs MySQL 5.7.9");
    assertThatThrownBy(() -> Dialect.of("10.4.34-MariaDB"))
        .isInstanceOf(EnvironmentException.class)
        .hasMessageStartingWith("MariaDB 10.4.34 is not supported");
  }

  private static final String A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
}
