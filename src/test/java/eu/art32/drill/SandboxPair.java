package eu.art32.drill;

import static org.assertj.core.api.Assertions.assertThat;

import eu.art32.TestServer;
import eu.art32.cli.CliRun;
import eu.art32.config.OptionFile;
import eu.art32.sandbox.SandboxNode;
import eu.art32.sandbox.SandboxState;
import eu.art32.topology.NodeSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A sandbox pair for drill tests: writes art32.yaml variants for it and checks, with its own
 * connections, that the pair is healthy in the roles expected.
 */
final class SandboxPair {
  final Path dir;
  final SandboxNode node1;
  final SandboxNode node2;

  private SandboxPair(Path dir, SandboxState state) {
    this.dir = dir;
    this.node1 = state.nodes().get(0);
    this.node2 = state.nodes().get(1);
  }

  static SandboxPair up(Path dir) {
    CliRun run = CliRun.of(TestServer.sandboxUp(dir));
    assertThat(run.exitCode()).as(run.err()).isZero();
    return new SandboxPair(dir, SandboxState.read(dir));
  }

  void down() {
    CliRun run = CliRun.of("sandbox", "down", "--dir", dir.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  /** A config with the given primary and replica and a drill section (lines under "drill:"). */
  Path config(
      String name,
      SandboxNode primary,
      SandboxNode replica,
      String environment,
      String drill,
      String runbook) {
    String text =
        "version: 1\n"
            + "pairs:\n"
            + "  - name: sandbox\n"
            + "    environment: "
            + environment
            + "\n"
            + node("primary", primary)
            + node("replica", replica)
            + "    objectives: {rpo: 1s, rto: 60s}\n"
            + (runbook == null ? "" : "    runbook:\n" + runbook)
            + "    drill:\n"
            + (drill.contains("warmup:") ? "" : "      warmup: 1s\n")
            + "      verifyTables: [shop.customers]\n"
            + "      replication: {optionFile: replication.cnf}\n"
            + drill;
    Path file = dir.resolve(name + ".yaml");
    try {
      Files.writeString(file, text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return file;
  }

  Path config(String name, String drill) {
    return config(name, node1, node2, "staging", drill, null);
  }

  private static String node(String role, SandboxNode node) {
    return "    "
        + role
        + ":\n"
        + "      host: 127.0.0.1\n"
        + "      port: "
        + node.port()
        + "\n"
        + "      optionFile: client.cnf\n"
        + TestServer.tlsYaml(6);
  }

  Path journals() {
    return dir.resolve("drills");
  }

  String password() {
    return option("client.cnf");
  }

  String replicationPassword() {
    return option("replication.cnf");
  }

  private String option(String file) {
    return OptionFile.clientOptions(dir.resolve(file)).get("password");
  }

  Connection connect(SandboxNode node) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "art32");
    p.setProperty("password", password());
    p.setProperty("sslMode", TestServer.sslMode());
    p.setProperty("connectTimeout", "5000");
    p.setProperty("socketTimeout", "60000");
    return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + node.port() + "/", p);
  }

  String query(SandboxNode node, String sql) throws SQLException {
    try (Connection c = connect(node);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /** The replica status row, with the names folded onto Slave_/Master_ on every server. */
  Map<String, String> replicaStatus(SandboxNode node) throws SQLException {
    try (Connection c = connect(node);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(TestServer.dialect().replicaStatusSql())) {
      Map<String, String> row = new HashMap<>();
      if (rs.next()) {
        ResultSetMetaData meta = rs.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnLabel(i), rs.getString(i));
        }
      }
      return NodeSnapshot.normaliseReplicaStatus(row);
    }
  }

  /** The node's executed GTIDs (gtid_binlog_pos on MariaDB, gtid_executed on MySQL). */
  String executedGtids(SandboxNode node) throws SQLException {
    return query(node, TestServer.executedGtidsSql());
  }

  /**
   * The pair is healthy with {@code primary} writable and {@code replica} replicating from it,
   * read-only, caught up; the drill left no canary, account or journal behind.
   */
  void assertHealthy(SandboxNode primary, SandboxNode replica) throws SQLException {
    Map<String, String> status = replicaStatus(replica);
    assertThat(status.get("Slave_IO_Running"))
        .as("IO thread on %s: %s", replica.name(), status.get("Last_IO_Error"))
        .isEqualTo("Yes");
    assertThat(status.get("Slave_SQL_Running"))
        .as("SQL thread on %s: %s", replica.name(), status.get("Last_SQL_Error"))
        .isEqualTo("Yes");
    assertThat(status.get("Master_Port"))
        .as("replicates from the expected primary")
        .isEqualTo(Integer.toString(primary.port()));
    if (TestServer.mysql()) {
      assertThat(status.get("Auto_Position")).as("GTID auto-positioning").isEqualTo("1");
      assertThat(query(replica, "SELECT @@GLOBAL.super_read_only"))
          .as("replica super_read_only")
          .isEqualTo("1");
      assertThat(query(primary, "SELECT @@GLOBAL.super_read_only"))
          .as("primary not super_read_only")
          .isEqualTo("0");
    } else {
      assertThat(status.get("Using_Gtid")).isEqualToIgnoringCase("Slave_Pos");
    }
    assertThat(replicaStatus(primary)).as("the primary replicates from nothing").isEmpty();
    assertThat(query(replica, "SELECT @@GLOBAL.read_only")).as("replica read-only").isEqualTo("1");
    assertThat(query(primary, "SELECT @@GLOBAL.read_only")).as("primary writable").isEqualTo("0");
    String position = executedGtids(primary);
    assertThat(query(replica, TestServer.waitSql(position, 30)))
        .as("replica applies " + position)
        .isEqualTo("0");
    for (SandboxNode node : List.of(primary, replica)) {
      assertThat(
              query(
                  node,
                  "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'art32_canary'"))
          .as("canary schema removed on " + node.name())
          .isEqualTo("0");
      assertThat(query(node, "SELECT COUNT(*) FROM mysql.user WHERE user = 'art32_canary'"))
          .as("canary account removed on " + node.name())
          .isEqualTo("0");
      assertThat(query(node, "SELECT COUNT(*) FROM shop.customers")).isEqualTo("200");
    }
    assertThat(journals().resolve("sandbox.journal.json")).as("journal removed").doesNotExist();
  }
}
