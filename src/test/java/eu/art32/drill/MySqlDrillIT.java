package eu.art32.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.art32.Shell;
import eu.art32.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * A drill on a MySQL 8.4 pair with GTID auto-positioning, uuid:interval GTID sets and
 * super_read_only: the fault is `docker pause` of the primary (a hung primary), undone with `docker
 * unpause`. Runs where Docker exists; skips cleanly elsewhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class MySqlDrillIT {
  private static final Network NETWORK = Network.newNetwork();
  private static final String[] FLAGS = {
    "--gtid-mode=ON", "--enforce-gtid-consistency=ON", "--log-replica-updates=ON",
    "--binlog-format=ROW", "--sync-binlog=1", "--innodb-flush-log-at-trx-commit=1"
  };

  @Container
  static final MySQLContainer<?> PRIMARY =
      new MySQLContainer<>("mysql:8.4")
          .withNetwork(NETWORK)
          .withNetworkAliases("primary")
          .withCommand(with("--server-id=1"));

  @Container
  static final MySQLContainer<?> REPLICA =
      new MySQLContainer<>("mysql:8.4")
          .withNetwork(NETWORK)
          .withNetworkAliases("replica")
          .withCommand(with("--server-id=2"));

  @TempDir static Path dir;

  private static String[] with(String serverId) {
    String[] all = java.util.Arrays.copyOf(FLAGS, FLAGS.length + 1);
    all[FLAGS.length] = serverId;
    return all;
  }

  @BeforeAll
  static void replicate() throws Exception {
    for (MySQLContainer<?> node : List.of(PRIMARY, REPLICA)) {
      sql(
          node,
          "SET sql_log_bin = 0",
          "CREATE USER 'repl'@'%' IDENTIFIED BY 'repl-pw-0815'",
          "GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%'",
          "SET sql_log_bin = 1");
    }
    sql(
        PRIMARY,
        "CREATE DATABASE shop",
        "CREATE TABLE shop.customers (id INT PRIMARY KEY, name VARCHAR(40))",
        "INSERT INTO shop.customers VALUES (1, 'a'), (2, 'b')");
    sql(
        REPLICA,
        "CHANGE REPLICATION SOURCE TO SOURCE_HOST='primary', SOURCE_PORT=3306, SOURCE_USER='repl', SOURCE_PASSWORD='repl-pw-0815', SOURCE_AUTO_POSITION=1, SOURCE_SSL=1",
        "START REPLICA",
        "SET GLOBAL super_read_only = ON");
    Files.writeString(dir.resolve("repl.cnf"), "[client]\nuser=repl\npassword=repl-pw-0815\n");
  }

  @Test
  void aPausedPrimaryIsFailedOverAndRestoredWithMySqlGtidSets() throws Exception {
    assumeTrue(
        Shell.run(List.of("docker", "version"), Duration.ofSeconds(20), Map.of()).succeeded(),
        "the docker command line is needed for the fault command");
    String id = PRIMARY.getContainerId();
    Path config = dir.resolve("art32.yaml");
    Files.writeString(
        config,
        "version: 1\npairs:\n  - name: mysql\n    environment: staging\n"
            + node("primary", PRIMARY)
            + node("replica", REPLICA)
            + "    drill:\n      fault: command\n"
            + "      faultCommand: docker pause "
            + id
            + "\n"
            + "      recoverCommand: docker unpause "
            + id
            + "\n"
            + "      warmup: 1s\n      verifyTables: [shop.customers]\n"
            + "      replication: {optionFile: repl.cnf, primaryHost: primary, replicaHost: replica}\n");
    Path out = dir.resolve("out");

    CliRun run =
        CliRun.of(
            Map.of("MYSQL_PW", PRIMARY.getPassword()),
            "drill",
            "--config",
            config.toString(),
            "--pair",
            "mysql",
            "--yes",
            "--journal-dir",
            dir.resolve("drills").toString(),
            "--out",
            out.toString());

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    JsonNode drill =
        new ObjectMapper().readTree(out.resolve("evidence.json").toFile()).at("/pairs/0/drill");
    assertThat(drill.at("/failback/healthy").asBoolean()).isTrue();
    assertThat(drill.at("/gtids/oldPrimaryGtids").asText()).matches("(?s)[0-9a-f-]{36}:.*");
    assertThat(sql1(REPLICA, "SELECT @@GLOBAL.super_read_only")).isEqualTo("1");
    assertThat(sql1(PRIMARY, "SELECT @@GLOBAL.read_only")).isEqualTo("0");
    assertThat(
            sql1(
                REPLICA,
                "SELECT SERVICE_STATE FROM performance_schema.replication_connection_status"))
        .isEqualTo("ON");
  }

  private static String node(String role, MySQLContainer<?> c) {
    return "    "
        + role
        + ":\n      host: "
        + c.getHost()
        + "\n      port: "
        + c.getFirstMappedPort()
        + "\n      user: root\n      password: ${env:MYSQL_PW}\n      tls: required\n";
  }

  private static void sql(MySQLContainer<?> node, String... statements) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                node.getJdbcUrl() + "?allowPublicKeyRetrieval=true&useSSL=true",
                "root",
                node.getPassword());
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  private static String sql1(MySQLContainer<?> node, String query) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                node.getJdbcUrl() + "?allowPublicKeyRetrieval=true&useSSL=true",
                "root",
                node.getPassword());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
