package eu.art32.rules;

import static org.assertj.core.api.Assertions.assertThat;

import eu.art32.evidence.Finding;
import eu.art32.evidence.Status;
import eu.art32.topology.Dialect;
import eu.art32.topology.MariaDbDialect;
import eu.art32.topology.MySqlDialect;
import eu.art32.topology.NodeSnapshot;
import eu.art32.topology.Role;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged rules judged against recorded server answers. The answers are data captured in the
 * shape the servers give them (SHOW GLOBAL VARIABLES, SHOW REPLICA STATUS); the sandbox ITs check
 * the same rules against live servers.
 */
class RuleBookTest {
  private static final RuleBook BOOK = RuleBook.load(new Resources("rules", null));

  @Test
  void everyRuleCitesKnownReferences() {
    assertThat(BOOK.rules()).hasSizeGreaterThanOrEqualTo(14);
    assertThat(BOOK.rules())
        .allSatisfy(rule -> assertThat(rule.references()).as(rule.id()).isNotEmpty());
    // rules/objectives.yaml lists every area art32 checks, in the report's order
    assertThat(BOOK.areas()).extracting(a -> a.id()).containsExactlyElementsOf(RuleBook.AREAS);
    assertThat(RuleBook.AREAS).contains("path", "hosts", "semisync").hasSize(13);
  }

  /** An area art32 does not check is an error naming the file and line, never a made-up area. */
  @Test
  void anUnknownOrMissingAreaIsRefusedWhenTheRulesLoad(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    String objectives =
        new String(
            RuleBookTest.class.getResourceAsStream("/rules/objectives.yaml").readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    java.nio.file.Files.writeString(
        dir.resolve("objectives.yaml"), objectives.replace("- id: lag\n", "- id: lagg\n"));
    eu.art32.config.ConfigException refused =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            eu.art32.config.ConfigException.class,
            () -> RuleBook.load(new Resources("rules", dir)));
    long line =
        objectives
                .substring(0, objectives.indexOf("- id: lag\n"))
                .chars()
                .filter(c -> c == '\n')
                .count()
            + 1;
    assertThat(refused.getMessage())
        .contains(
            dir.resolve("objectives.yaml")
                + ":"
                + line
                + ":5: 'areas[].id': unknown area 'lagg'; art32 checks replication, rpo");
    assertThat(refused.problems().stream().map(Object::toString))
        .anySatisfy(p -> assertThat(p).contains("'areas': missing area(s) lag"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> BOOK.area("lagg"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aHealthyMariaDbPairPassesEveryRule() {
    List<Finding> findings =
        new ReplicationAudit(BOOK)
            .evaluate(
                mariadb(Role.PRIMARY, "1", Map.of(), Map.of()),
                mariadb(Role.REPLICA, "2", replicating(), Map.of()));

    assertThat(findings)
        .extracting(Finding::id)
        .doesNotContain("REPL-GTID-MYSQL", "REPL-SUPER-READ-ONLY");
    assertThat(findings)
        .allSatisfy(
            f -> assertThat(f.status()).as(f.id() + ": " + f.observed()).isEqualTo(Status.PASS));
  }

  @Test
  void driftIsFoundAndNamed() {
    Map<String, String> status = new HashMap<>(replicating());
    status.put("Slave_SQL_Running", "No");
    status.put("Last_SQL_Error", "Duplicate entry '7' for key 'PRIMARY'");
    status.put("Master_SSL_Allowed", "No");
    NodeSnapshot primary = mariadb(Role.PRIMARY, "1", Map.of(), Map.of("sync_binlog", "0"));
    NodeSnapshot replica = mariadb(Role.REPLICA, "1", status, Map.of());

    Map<String, Finding> byId = new HashMap<>();
    new ReplicationAudit(BOOK).evaluate(primary, replica).forEach(f -> byId.put(f.id(), f));

    assertThat(byId.get("REPL-THREADS").status()).isEqualTo(Status.FAIL);
    assertThat(byId.get("REPL-THREADS").observed()).contains("Duplicate entry '7'");
    assertThat(byId.get("REPL-SYNC-BINLOG").observed()).contains("primary: sync_binlog=0");
    assertThat(byId.get("REPL-SYNC-BINLOG").status()).isEqualTo(Status.FAIL);
    assertThat(byId.get("REPL-SERVER-ID").status()).isEqualTo(Status.FAIL);
    assertThat(byId.get("REPL-CHANNEL-TLS").status()).isEqualTo(Status.FAIL);
  }

  @Test
  void mySqlNamesAreFoldedAndMySqlRulesApply() {
    Map<String, String> vars = new HashMap<>(variables("1"));
    vars.put("gtid_mode", "ON");
    vars.put("enforce_gtid_consistency", "ON");
    vars.put("log_replica_updates", "ON");
    vars.remove("log_slave_updates");
    Map<String, String> replicaVars = new HashMap<>(vars);
    replicaVars.put("server_id", "2");
    replicaVars.put("super_read_only", "OFF");
    Map<String, String> status =
        NodeSnapshot.normaliseReplicaStatus(
            Map.of(
                "Replica_IO_Running",
                "Yes",
                "Replica_SQL_Running",
                "Yes",
                "Source_Server_Id",
                "1",
                "Source_Host",
                "db1",
                "Source_Port",
                "3306",
                "Auto_Position",
                "1",
                "Source_SSL_Allowed",
                "Yes",
                "Last_IO_Error",
                "",
                "Last_SQL_Error",
                "",
                "Seconds_Behind_Source",
                "0"));
    NodeSnapshot primary =
        new NodeSnapshot(
            Role.PRIMARY,
            "db1:3306",
            (MySqlDialect) Dialect.of("8.4.3"),
            "8.4.3",
            vars,
            Map.of(),
            "");
    NodeSnapshot replica =
        new NodeSnapshot(
            Role.REPLICA,
            "db2:3306",
            (MySqlDialect) Dialect.of("8.4.3"),
            "8.4.3",
            replicaVars,
            status,
            "");

    Map<String, Status> byId = new HashMap<>();
    new ReplicationAudit(BOOK)
        .evaluate(primary, replica)
        .forEach(f -> byId.put(f.id(), f.status()));

    assertThat(status)
        .containsEntry("Seconds_Behind_Master", "0")
        .containsEntry("Master_Server_Id", "1");
    assertThat(byId)
        .containsEntry("REPL-GTID-MYSQL", Status.PASS)
        .containsEntry("REPL-THREADS", Status.PASS)
        .containsEntry("REPL-GTID-AUTO-POSITION", Status.PASS)
        .containsEntry("REPL-SUPER-READ-ONLY", Status.FAIL)
        .containsEntry("REPL-LOG-REPLICA-UPDATES", Status.PASS)
        .doesNotContainKey("REPL-GTID-STRICT");
  }

  private static NodeSnapshot mariadb(
      Role role, String serverId, Map<String, String> status, Map<String, String> overrides) {
    Map<String, String> vars = new HashMap<>(variables(serverId));
    vars.putAll(overrides);
    if (role == Role.PRIMARY) {
      vars.put("read_only", "OFF");
    }
    return new NodeSnapshot(
        role,
        role == Role.PRIMARY ? "127.0.0.1:3306" : "127.0.0.1:3307",
        (MariaDbDialect) Dialect.of("11.4.5-MariaDB"),
        "11.4.5-MariaDB-log",
        vars,
        status,
        "TLS_AES_256_GCM_SHA384");
  }

  private static Map<String, String> variables(String serverId) {
    return Map.of(
        "server_id",
        serverId,
        "binlog_format",
        "ROW",
        "log_bin",
        "ON",
        "log_slave_updates",
        "ON",
        "sync_binlog",
        "1",
        "innodb_flush_log_at_trx_commit",
        "1",
        "gtid_strict_mode",
        "ON",
        "read_only",
        "ON");
  }

  private static Map<String, String> replicating() {
    return Map.of(
        "Slave_IO_Running",
        "Yes",
        "Slave_SQL_Running",
        "Yes",
        "Master_Server_Id",
        "1",
        "Master_Host",
        "localhost",
        "Master_Port",
        "3306",
        "Using_Gtid",
        "Slave_Pos",
        "Master_SSL_Allowed",
        "Yes",
        "Master_SSL_Verify_Server_Cert",
        "Yes",
        "Last_IO_Error",
        "",
        "Last_SQL_Error",
        "");
  }
}
