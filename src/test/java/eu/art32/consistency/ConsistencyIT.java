package eu.art32.consistency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.art32.Shell;
import eu.art32.TestServer;
import eu.art32.backup.BackupVerification;
import eu.art32.cli.CliRun;
import eu.art32.config.Art32Config;
import eu.art32.config.ConfigLoader;
import eu.art32.config.HeartbeatConfig;
import eu.art32.config.OptionFile;
import eu.art32.config.PairConfig;
import eu.art32.evidence.ConsistencyEvidence;
import eu.art32.evidence.Finding;
import eu.art32.evidence.LagEvidence;
import eu.art32.evidence.Status;
import eu.art32.lag.Heartbeat;
import eu.art32.lag.LagFindings;
import eu.art32.rules.Resources;
import eu.art32.rules.RuleBook;
import eu.art32.sandbox.SandboxNode;
import eu.art32.sandbox.SandboxState;
import eu.art32.server.ServerBinaries;
import eu.art32.topology.NodeConnector;
import eu.art32.topology.Role;
import eu.art32.topology.TopologyProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Heartbeat lag, table consistency, errant transactions and backup restores against a real sandbox
 * pair, with real differences planted on the replica (sql_log_bin=0, as drift happens) and a real
 * mariadb-backup. The errant-transaction test runs last: it leaves the replica with a transaction
 * the primary never had.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsistencyIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final NodeConnector CONNECTOR =
      new NodeConnector(Duration.ofSeconds(5), Duration.ofSeconds(60));
  @TempDir static Path root;
  private static Path dir;
  private static SandboxNode primary;
  private static SandboxNode replica;
  private static RuleBook rules;

  @BeforeAll
  static void up() {
    dir = root.resolve("sandbox");
    CliRun run = CliRun.of(TestServer.sandboxUp(dir));
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<SandboxNode> nodes = SandboxState.read(dir).nodes();
    primary = nodes.get(0);
    replica = nodes.get(1);
    rules = RuleBook.load(new Resources("rules", null));
  }

  @AfterAll
  static void down() {
    if (dir != null && Files.exists(dir.resolve("sandbox.json"))) {
      assertThat(CliRun.of("sandbox", "down", "--dir", dir.toString()).exitCode()).isZero();
    }
  }

  @Test
  @Order(1)
  void anAuditMeasuresLagComparesEveryTableAndRestoresABackup() throws Exception {
    Path out = root.resolve("audit");
    List<Path> scratchBefore = scratchDirs();
    CliRun run =
        CliRun.of(
            "audit", "--config", dir.resolve("art32.yaml").toString(), "--out", out.toString());

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    JsonNode pair = JSON.readTree(out.resolve("evidence.json").toFile()).at("/pairs/0");
    Map<String, String> status = statuses(pair);
    boolean lagMeasured = eu.art32.BusyLag.measured(finding(pair, "LAG-HEARTBEAT"));
    if (lagMeasured) {
      assertThat(status).containsEntry("LAG-SERVER-FIGURE", "PASS");
    }
    assertThat(status)
        .containsEntry("CONSISTENCY-ERRANT", "PASS")
        .containsEntry("CONSISTENCY-TABLES", "PASS");
    if (TestServer.mysql()) {
      // no backup tool for MySQL runs here: the backup area says so, naming the version
      assertThat(status).containsEntry("BACKUPS-NOT-MEASURED", "NOT_ASSESSED");
      JsonNode backups = null;
      for (JsonNode f : pair.get("findings")) {
        if (f.get("id").asText().equals("BACKUPS-NOT-MEASURED")) {
          backups = f;
        }
      }
      assertThat(backups.get("observed").asText())
          .contains("MySQL " + TestServer.kind().version(), "XtraBackup");
      return;
    }
    assertThat(status)
        .containsEntry("BACKUP-TAKE", "PASS")
        .containsEntry("BACKUP-AGE", "PASS")
        .containsEntry("BACKUP-RESTORE", "PASS")
        .containsEntry("BACKUP-RTO", "PASS")
        .containsEntry("BACKUP-VERIFY", "PASS");
    if (lagMeasured) {
      assertThat(pair.at("/lag/written").asInt()).isGreaterThanOrEqualTo(20);
      assertThat(pair.at("/lag/stats/count").asInt()).isEqualTo(pair.at("/lag/written").asInt());
    }
    JsonNode customers = pair.at("/consistency/tables/0");
    assertThat(customers.get("name").asText()).isEqualTo("shop.customers");
    assertThat(customers.get("status").asText()).isEqualTo("MATCH");
    assertThat(customers.get("rowsReplica").asLong()).isEqualTo(200);
    // the audit's own heartbeat writes on the primary every 100 ms: on a busy machine the replica
    // can apply one between the two snapshots, which then stand a heartbeat apart and say so
    // (the same-position snapshots are asserted where nothing writes, in the next test)
    assertThat(
            customers.get("samePosition").asBoolean()
                || customers.get("reason").asText().startsWith("the snapshots stood at different"))
        .as(customers.toString())
        .isTrue();
    JsonNode backup = pair.get("backup");
    assertThat(backup.get("taken").asBoolean()).isTrue();
    assertThat(backup.get("restoreRtoMillis").asLong()).isPositive();
    assertThat(backup.at("/tables/0/rowsRestored").asLong()).isEqualTo(200);
    assertThat(backup.get("gtidPosition").asText()).matches("0-1-\\d+");
    assertThat(Files.list(dir.resolve("backups")).map(p -> p.getFileName().toString()).toList())
        .as("the backup art32 took was removed; the nightly one stays")
        .allMatch(n -> n.startsWith("nightly-"));
    assertThat(scratchDirs()).as("the scratch server's files are gone").isEqualTo(scratchBefore);
    String password = OptionFile.clientOptions(dir.resolve("client.cnf")).get("password");
    assertThat(Files.readString(out.resolve("evidence.json"))).doesNotContain(password);
    assertThat(Files.readString(out.resolve("report.html")))
        .contains("Replication lag (heartbeat)", "Consistency of the DR copy", "Backup restore");
  }

  @Test
  @Order(2)
  void differencesPlantedOnTheReplicaAreNamedByKey() throws Exception {
    List<String> setup =
        new java.util.ArrayList<>(
            List.of(
                "CREATE DATABASE drift",
                "CREATE TABLE drift.items (id BIGINT PRIMARY KEY, c VARCHAR(64) NOT NULL, n INT NULL)"));
    setup.addAll(sequence("drift", 5000));
    setup.addAll(
        List.of(
            "INSERT INTO drift.items SELECT seq, CONCAT('item-', seq), IF(seq % 7 = 0, NULL, seq)"
                + " FROM drift.seq_1_to_5000",
            "CREATE TABLE drift.lines (order_id INT, line INT, sku CHAR(8), PRIMARY KEY (order_id, line))",
            "INSERT INTO drift.lines SELECT seq DIV 10, seq MOD 10, LPAD(seq, 8, '0')"
                + " FROM drift.seq_1_to_5000 WHERE seq <= 3000",
            "CREATE TABLE drift.small_log (msg VARCHAR(20))",
            "INSERT INTO drift.small_log VALUES ('a'), ('b'), ('c')",
            "CREATE TABLE drift.big_log (msg VARCHAR(20))",
            "INSERT INTO drift.big_log SELECT CONCAT('m', seq) FROM drift.seq_1_to_5000"
                + " WHERE seq <= 500",
            "CREATE TABLE drift.shapes (id INT PRIMARY KEY, a VARCHAR(20) NOT NULL,"
                + " b VARCHAR(20) NOT NULL, v VARCHAR(20) NULL)",
            "INSERT INTO drift.shapes VALUES (1, 'left', 'right', 'v1'), (2, 'moved-A', 'x', 'v2'),"
                + " (3, 'moved-B', 'x', 'v3'), (4, 'n', 'n', ''), (5, 't', 't', 'pad'),"
                + " (6, 'a#', 'b', 'v6'), (7, 'same', 'same', 'same')",
            "ANALYZE TABLE drift.items"));
    execute(primary, setup.toArray(String[]::new));
    awaitReplica();
    writeOnReplica(
        "SET SESSION sql_log_bin = 0",
        "UPDATE drift.items SET c = 'changed' WHERE id = 4321",
        "DELETE FROM drift.items WHERE id = 17",
        "INSERT INTO drift.items VALUES (9999999, 'extra', NULL)",
        "UPDATE drift.items SET n = NULL WHERE id = 2500",
        // the same bit flipped in two rows of equal length: BIT_XOR of CRC32 would miss it
        "UPDATE drift.items SET c = CONCAT(CHAR(ASCII(LEFT(c, 1)) ^ 2), SUBSTRING(c, 2))"
            + " WHERE id IN (3001, 3002)",
        "UPDATE drift.lines SET sku = 'XXXXXXXX' WHERE order_id = 150 AND line = 4",
        "DELETE FROM drift.small_log WHERE msg = 'b'",
        // every change a cheaper row string or hash could miss, one row each:
        "UPDATE drift.shapes SET a = 'right', b = 'left' WHERE id = 1", // two columns swapped
        "UPDATE drift.shapes SET a = IF(id = 2, 'moved-B', 'moved-A') WHERE id IN (2, 3)", // moved
        "UPDATE drift.shapes SET v = NULL WHERE id = 4", // NULL against the empty string
        "UPDATE drift.shapes SET v = 'pad ' WHERE id = 5", // a trailing space
        "UPDATE drift.shapes SET a = 'a', b = '#b' WHERE id = 6"); // the separator moved
    execute(
        primary,
        "SET SESSION sql_log_bin = 0",
        "CREATE TABLE drift.only_primary (id INT PRIMARY KEY)");

    PairConfig pair =
        pair(
            "    consistency: {tables: [drift.*], chunkRows: 500, maxQps: 0, smallTableRows: 100,"
                + " chunkTime: 0s}\n");
    ConsistencyAudit.Result result = audit(pair);

    Map<String, ConsistencyEvidence.Table> tables = byName(result.evidence());
    ConsistencyEvidence.Table items = tables.get("drift.items");
    assertThat(items.status()).isEqualTo("DIFFERENT");
    assertThat(items.samePosition()).isTrue();
    assertThat(items.sampleKeys())
        .containsExactlyInAnyOrder(
            "id=17 missing on the replica",
            "id=2500 differs",
            "id=3001 differs",
            "id=3002 differs",
            "id=4321 differs",
            "id=9999999 only on the replica");
    assertThat(items.missingOnReplica()).isEqualTo(1);
    assertThat(items.extraOnReplica()).isEqualTo(1);
    assertThat(items.different()).isEqualTo(4);
    assertThat(items.chunks()).as("5000 rows in chunks of about 500").isBetween(8, 14);
    assertThat(tables.get("drift.shapes").sampleKeys())
        .containsExactlyInAnyOrder(
            "id=1 differs",
            "id=2 differs",
            "id=3 differs",
            "id=4 differs",
            "id=5 differs",
            "id=6 differs");
    assertThat(tables.get("drift.lines").sampleKeys())
        .containsExactly("(order_id=150, line=4) differs");
    assertThat(tables.get("drift.small_log").status()).isEqualTo("DIFFERENT");
    assertThat(tables.get("drift.small_log").reason()).contains("without a primary key");
    assertThat(tables.get("drift.only_primary").status()).isEqualTo("DIFFERENT");
    assertThat(tables.get("drift.only_primary").reason()).contains("exists on one node only");
    assertThat(tables.get("drift.big_log").status()).isEqualTo("NOT_ASSESSED");
    assertThat(tables.get("drift.big_log").reason())
        .contains("no primary key", "500 rows", "smallTableRows 100");
    // chunks sized by time grow to the whole table here; a differing one is halved down to
    // chunkRows (open ends too) before any row is read, and finds the same keys
    ConsistencyAudit.Result grown =
        audit(
            pair(
                "    consistency: {tables: [drift.items, drift.shapes], chunkRows: 100, maxQps: 0,"
                    + " chunkTime: 10s}\n"));
    Map<String, ConsistencyEvidence.Table> big = byName(grown.evidence());
    assertThat(big.get("drift.items").chunks()).as("chunks grown").isLessThan(8);
    assertThat(big.get("drift.items").sampleKeys())
        .containsExactlyInAnyOrderElementsOf(items.sampleKeys());
    assertThat(big.get("drift.items").different()).isEqualTo(4);
    assertThat(big.get("drift.shapes").sampleKeys())
        .containsExactlyInAnyOrderElementsOf(tables.get("drift.shapes").sampleKeys());
    Finding finding = finding(result.findings(), "CONSISTENCY-TABLES");
    assertThat(finding.status()).isEqualTo(Status.FAIL);
    assertThat(finding.observed()).contains("drift.items: 6 row(s) differ", "drift.big_log (");

    execute(primary, "DROP DATABASE drift");
    awaitReplica();
  }

  /**
   * Every folder of src/test/resources/consistency-cases: its tables compared clean (they must
   * MATCH, or what the case says), then its change planted on the replica and every named key
   * reported, exactly. One audit of all cases each way.
   */
  @Test
  @Order(2)
  void everyConsistencyCaseMatchesCleanAndNamesItsPlantedChange() throws Exception {
    List<ConsistencyCase> cases = ConsistencyCase.all();
    assertThat(cases).as("the case folders").hasSizeGreaterThanOrEqualTo(9);
    StringBuilder numbers = new StringBuilder("INSERT INTO art32_cases.seq VALUES (1)");
    for (int n = 2; n <= 1000; n++) {
      numbers.append(",(").append(n).append(')');
    }
    execute(
        primary,
        "CREATE DATABASE art32_cases",
        "CREATE TABLE art32_cases.seq (n INT PRIMARY KEY)",
        numbers.toString());
    for (ConsistencyCase c : cases) {
      List<String> create = new java.util.ArrayList<>();
      create.add("CREATE DATABASE " + c.database());
      create.add("USE " + c.database());
      create.addAll(c.create());
      execute(primary, create.toArray(String[]::new));
    }
    awaitReplica();
    PairConfig pair =
        pair(
            "    consistency: {tables: ["
                + cases.stream()
                    .map(c -> c.database() + ".*")
                    .collect(java.util.stream.Collectors.joining(", "))
                + "], chunkRows: 100, maxQps: 0, smallTableRows: 100, chunkTime: 0s}\n");
    Map<String, ConsistencyEvidence.Table> clean = byName(audit(pair).evidence());
    for (ConsistencyCase c : cases) {
      List<String> change = new java.util.ArrayList<>();
      change.add("SET SESSION sql_log_bin = 0");
      change.add("USE " + c.database());
      change.addAll(c.change());
      writeOnReplica(change.toArray(String[]::new));
    }
    Map<String, ConsistencyEvidence.Table> changed = byName(audit(pair).evidence());

    SoftAssertions soft = new SoftAssertions();
    for (ConsistencyCase c : cases) {
      soft.assertThat(
              clean.keySet().stream().filter(t -> t.startsWith(c.database() + ".")).toList())
          .as("%s: the tables compared", c.name())
          .containsExactlyInAnyOrderElementsOf(
              c.tables().keySet().stream().map(t -> c.database() + "." + t).toList());
      c.tables()
          .forEach(
              (name, expected) -> {
                ConsistencyEvidence.Table before = clean.get(c.database() + "." + name);
                ConsistencyEvidence.Table after = changed.get(c.database() + "." + name);
                if (before == null || after == null) {
                  return;
                }
                soft.assertThat(before.status())
                    .as("%s: %s clean (%s)", c.name(), name, before.reason())
                    .isEqualTo(expected.clean());
                soft.assertThat(after.status())
                    .as("%s: %s changed (%s)", c.name(), name, after.reason())
                    .isEqualTo(expected.status());
                soft.assertThat(after.sampleKeys())
                    .as("%s: %s keys named", c.name(), name)
                    .containsExactlyInAnyOrderElementsOf(expected.keys());
              });
    }
    List<String> drop = new java.util.ArrayList<>(List.of("DROP DATABASE art32_cases"));
    cases.forEach(c -> drop.add("DROP DATABASE " + c.database()));
    execute(primary, drop.toArray(String[]::new));
    awaitReplica();
    soft.assertAll();
  }

  @Test
  @Order(3)
  void aStoppedApplierShowsAsHeartbeatLagWhileTheServerReportsNull() throws Exception {
    PairConfig pair = pair("");
    HeartbeatConfig config =
        new HeartbeatConfig(
            true, Duration.ofMillis(50), Duration.ofMillis(3000), "art32_heartbeat");
    Heartbeat heartbeat = new Heartbeat(config, pair.primary(), pair.replica(), CONNECTOR);
    execute(replica, TestServer.stopSqlThread());
    LagEvidence lag;
    try {
      heartbeat.start(TestServer.dialect());
      Thread.sleep(1600);
      execute(replica, TestServer.startSqlThread());
      lag = heartbeat.finish(3000);
    } finally {
      heartbeat.close();
      execute(replica, TestServer.startSqlThread());
    }

    assertThat(lag.unseen()).isZero();
    assertThat(lag.stats().max())
        .as("the first heartbeats waited for the applier")
        .isGreaterThan(1400);
    assertThat(lag.server().nulls()).as("Seconds_Behind_Master is NULL while stopped").isPositive();
    assertThat(lag.undistorted().max())
        .as("a lower bound: the poll before did not see the first heartbeat yet")
        .isGreaterThan(1400)
        .isLessThanOrEqualTo(lag.stats().max());
    List<Finding> findings =
        new LagFindings(rules.area("lag").references())
            .judge(pair.objectives().lag().toMillis(), lag, null);
    assertThat(finding(findings, "LAG-HEARTBEAT").status())
        .as("p99 above the 1 s objective")
        .isEqualTo(Status.FAIL);

    // the same lag, had art32's polls been so late that the lower bound stayed within 1 s
    LagEvidence late =
        new LagEvidence(
            lag.table(),
            lag.intervalMs(),
            lag.windowMs(),
            lag.pollMs(),
            lag.written(),
            0,
            0,
            lag.stats(),
            lag.server(),
            eu.art32.latency.LatencyStatsCalculator.of(List.of(10.0, 20.0, 900.0), 0),
            0,
            lag.host());
    Finding unconfirmed =
        finding(
            new LagFindings(rules.area("lag").references())
                .judge(pair.objectives().lag().toMillis(), late, null),
            "LAG-HEARTBEAT");
    assertThat(unconfirmed.status()).isEqualTo(Status.WARN);
    assertThat(unconfirmed.observed())
        .startsWith("unconfirmed: the art32 host was busy")
        .contains("at least 900 ms");
  }

  /**
   * An idle, healthy pair with every core of the machine busy: the heartbeat may see art32's own
   * polling delays, but it never judges them as lag over the 1 s objective.
   */
  @Test
  @Order(4)
  void lagOnAnIdlePairNeverFailsWhileEveryCoreIsBusy() throws Exception {
    PairConfig pair = pair("");
    HeartbeatConfig config =
        new HeartbeatConfig(
            true, Duration.ofMillis(100), Duration.ofMillis(3000), "art32_heartbeat");
    LagEvidence lag;
    try (eu.art32.BusyCores busy = eu.art32.BusyCores.start(2, Duration.ofMinutes(2));
        Heartbeat heartbeat = new Heartbeat(config, pair.primary(), pair.replica(), CONNECTOR)) {
      heartbeat.start(TestServer.dialect());
      lag = heartbeat.finish(3000);
      assertThat(busy.running()).as("the load ran throughout").isPositive();
    }
    assertThat(lag.written()).isPositive();
    assertThat(lag.host().ticks()).as("the host watch ran").isPositive();
    Finding finding =
        finding(
            new LagFindings(rules.area("lag").references())
                .judge(pair.objectives().lag().toMillis(), lag, null),
            "LAG-HEARTBEAT");
    assertThat(finding.status()).as(finding.observed()).isIn(Status.PASS, Status.WARN);
  }

  @Test
  @Order(4)
  void aRestoredBackupMatchesWhereNothingWroteAndFailsWhereDataDriftedSilently() throws Exception {
    assumeFalse(TestServer.mysql(), "art32 restores only mariadb-backup backups");
    execute(
        primary,
        "CREATE TABLE shop.quiet (id INT PRIMARY KEY, v VARCHAR(20) NOT NULL)",
        "INSERT INTO shop.quiet SELECT seq, CONCAT('v', seq) FROM shop.seq_1_to_100");
    awaitReplica();
    Path backups = Files.createDirectories(root.resolve("backups-" + System.nanoTime()));
    Shell.Result taken =
        Shell.run(
            List.of(
                "mariadb-backup",
                "--defaults-file=" + dir.resolve("client.cnf"),
                "--backup",
                "--target-dir=" + backups.resolve("manual"),
                "--host=127.0.0.1",
                "--port=" + replica.port()),
            Duration.ofMinutes(2),
            Map.of());
    assertThat(taken.succeeded()).as(taken.output()).isTrue();
    execute(primary, "UPDATE shop.customers SET name = 'renamed' WHERE id = 1");
    awaitReplica();
    execute(
        replica, "SET SESSION sql_log_bin = 0", "UPDATE shop.quiet SET v = 'drift' WHERE id = 42");

    PairConfig pair =
        pair(
            "    backup: {node: replica, directory: \""
                + backups
                + "\", verifyTables: [shop.*]}\n");
    var source = new TopologyProbe(CONNECTOR).snapshot("sandbox", Role.REPLICA, pair.replica());
    BackupVerification.Result result =
        new BackupVerification(rules, CONNECTOR, Clock.systemUTC(), ServerBinaries.defaultCache())
            .run(pair, source);

    assertThat(finding(result.findings(), "BACKUP-RESTORE").status()).isEqualTo(Status.PASS);
    Finding verify = finding(result.findings(), "BACKUP-VERIFY");
    assertThat(verify.status()).isEqualTo(Status.FAIL);
    assertThat(verify.observed())
        .contains("shop.quiet: 1 row(s) differ although nothing wrote the table since the backup")
        .contains("id=42 differs")
        .contains("written since the backup, not comparable at its position: shop.customers");
    assertThat(result.evidence().comparedWith()).contains("1 transaction(s) since the backup");
    assertThat(Files.exists(backups.resolve("manual")))
        .as("an existing backup is restored from a copy and kept")
        .isTrue();

    execute(
        replica, "SET SESSION sql_log_bin = 0", "UPDATE shop.quiet SET v = 'v42' WHERE id = 42");
    execute(primary, "DROP TABLE shop.quiet", "UPDATE shop.customers SET name = 'x' WHERE id = 1");
  }

  @Test
  @Order(5)
  void aBrokenBackupFailsTheRestoreWithOneLineAndLeavesNothingBehind() throws Exception {
    assumeFalse(TestServer.mysql(), "art32 restores only mariadb-backup backups");
    Path backups = root.resolve("broken");
    Path fake = backups.resolve("b1");
    Files.createDirectories(fake);
    Files.writeString(fake.resolve("xtrabackup_checkpoints"), "backup_type = full-backuped\n");
    Files.writeString(fake.resolve("ibdata1"), "not a tablespace");
    List<Path> scratchBefore = scratchDirs();
    PairConfig pair = pair("    backup: {node: replica, directory: \"" + backups + "\"}\n");
    var source = new TopologyProbe(CONNECTOR).snapshot("sandbox", Role.REPLICA, pair.replica());

    BackupVerification.Result result =
        new BackupVerification(rules, CONNECTOR, Clock.systemUTC(), ServerBinaries.defaultCache())
            .run(pair, source);

    Finding restore = finding(result.findings(), "BACKUP-RESTORE");
    assertThat(restore.status()).isEqualTo(Status.FAIL);
    assertThat(restore.observed()).doesNotContain("\n").containsAnyOf("prepare", "restored server");
    assertThat(finding(result.findings(), "BACKUP-VERIFY").status()).isEqualTo(Status.NOT_ASSESSED);
    assertThat(scratchDirs()).isEqualTo(scratchBefore);
  }

  @Test
  @Order(5)
  void aPooledConnectorHandsOutResetSessionsAndReplacesDeadOnes() throws Exception {
    PairConfig pair = pair("");
    execute(primary, "CREATE TABLE IF NOT EXISTS shop.pool_probe (id INT PRIMARY KEY)");
    long first;
    try (NodeConnector pooled = CONNECTOR.pooled()) {
      try (Connection c = pooled.connect("primary", pair.primary());
          Statement s = c.createStatement()) {
        first = single(s, "SELECT CONNECTION_ID()");
        s.execute("SET SESSION lock_wait_timeout = 7");
        s.execute("START TRANSACTION");
        s.execute("INSERT INTO shop.pool_probe VALUES (1)");
      }
      try (Connection c = pooled.connect("primary", pair.primary());
          Statement s = c.createStatement()) {
        assertThat(single(s, "SELECT CONNECTION_ID()"))
            .as("the same session again")
            .isEqualTo(first);
        assertThat(
                single(
                    s,
                    "SELECT COUNT(*) FROM information_schema.INNODB_TRX"
                        + " WHERE trx_mysql_thread_id = CONNECTION_ID()"))
            .as("no transaction left open")
            .isZero();
        assertThat(single(s, "SELECT @@SESSION.lock_wait_timeout = @@GLOBAL.lock_wait_timeout"))
            .as("session variables of the first borrower are reset")
            .isEqualTo(1);
        s.execute("COMMIT");
        assertThat(query(primary, "SELECT COUNT(*) FROM shop.pool_probe"))
            .as("the insert the first borrower left uncommitted was rolled back, not inherited")
            .isEqualTo("0");
        try (Connection second = pooled.connect("primary", pair.primary());
            Statement s2 = second.createStatement()) {
          assertThat(single(s2, "SELECT CONNECTION_ID()"))
              .as("a borrowed session is never handed to a second borrower")
              .isNotEqualTo(first);
        }
      }
      Connection given = pooled.connect("primary", pair.primary());
      given.close();
      assertThat(given.isClosed()).isTrue();
      assertThat(org.assertj.core.api.Assertions.catchThrowable(given::createStatement))
          .hasMessageContaining("given back");
      execute(primary, "KILL " + first);
      try (Connection c = pooled.connect("primary", pair.primary());
          Statement s = c.createStatement()) {
        assertThat(single(s, "SELECT CONNECTION_ID()"))
            .as("a session the server killed is replaced")
            .isNotEqualTo(first);
      }
    }
    String others =
        "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = 'art32' AND ID <>"
            + " CONNECTION_ID()";
    long until = System.nanoTime() + 5_000_000_000L;
    while (!query(primary, others).equals("0") && System.nanoTime() < until) {
      Thread.sleep(50);
    }
    assertThat(query(primary, others))
        .as("closing the pooled connector closes its idle sessions")
        .isEqualTo("0");
    execute(primary, "DROP TABLE shop.pool_probe");
  }

  /**
   * A node that freezes after the checks: closing the pooled connector must not wait for its
   * goodbye (the socket timeout is 30 s, a TLS close on a frozen peer waited about 62 s); idle
   * connections are closed within the pool's bound, then aborted.
   */
  @Test
  @Order(5)
  void closingThePoolDoesNotWaitForAFrozenNode() throws Exception {
    PairConfig pair = pair("");
    long pid = replica.process().orElseThrow().pid();
    NodeConnector pooled = CONNECTOR.pooled();
    try (Connection c = pooled.connect("replica", pair.replica());
        Statement s = c.createStatement()) {
      assertThat(single(s, "SELECT 1")).isEqualTo(1);
    }
    eu.art32.Shell.run(
        List.of("kill", "-STOP", Long.toString(pid)), Duration.ofSeconds(5), java.util.Map.of());
    try {
      // generous: ten times the pool's bound, a fraction of the 62 s it took before
      org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
          Duration.ofSeconds(20), pooled::close);
    } finally {
      eu.art32.Shell.run(
          List.of("kill", "-CONT", Long.toString(pid)), Duration.ofSeconds(5), java.util.Map.of());
    }
    awaitReplica();
  }

  private static long single(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  @Order(6)
  void anErrantTransactionOnTheReplicaIsListedWithItsBinlogPosition() throws Exception {
    execute(primary, "CREATE TABLE shop.notes (id INT PRIMARY KEY, t VARCHAR(40))");
    awaitReplica();
    String errantGtid;
    if (TestServer.mysql()) {
      writeOnReplica("INSERT INTO shop.notes VALUES (1, 'written on the DR node')");
      errantGtid = query(replica, "SELECT @@GLOBAL.server_uuid") + ":1";
    } else {
      execute(
          replica,
          "SET SESSION gtid_domain_id = 7",
          "INSERT INTO shop.notes VALUES (1, 'written on the DR node')");
      errantGtid = "7-2-1";
    }

    PairConfig pair = pair("    consistency: {tables: [shop.notes]}\n");
    ConsistencyAudit.Result result = audit(pair);

    Finding errant = finding(result.findings(), "CONSISTENCY-ERRANT");
    assertThat(errant.status()).isEqualTo(Status.FAIL);
    assertThat(errant.observed())
        .matches(
            "(?s)1 errant transaction\\(s\\).*"
                + java.util.regex.Pattern.quote(errantGtid)
                + " at binlog\\.\\d+:\\d+ wrote shop\\.notes.*");
    assertThat(result.evidence().errant().transactions().get(0).position()).isPositive();
    ConsistencyEvidence.Table notes = byName(result.evidence()).get("shop.notes");
    assertThat(notes.status()).as("the errant row is found too").isEqualTo("DIFFERENT");
    assertThat(notes.sampleKeys()).containsExactly("id=1 only on the replica");
  }

  private static ConsistencyAudit.Result audit(PairConfig pair) {
    TopologyProbe probe = new TopologyProbe(CONNECTOR);
    return new ConsistencyAudit(rules, CONNECTOR)
        .run(
            pair,
            probe.snapshot("sandbox", Role.PRIMARY, pair.primary()),
            probe.snapshot("sandbox", Role.REPLICA, pair.replica()));
  }

  /** The sandbox's own pair with extra lines appended to it. */
  private static PairConfig pair(String extra) throws Exception {
    String yaml = Files.readString(dir.resolve("art32.yaml"));
    int cut = yaml.indexOf("    drill:");
    Path file = dir.resolve("it-" + System.nanoTime() + ".yaml");
    Files.writeString(
        file,
        yaml.substring(0, cut).replaceAll("(?s)    backup:.*?(?=    drill:|$)", "")
            + extra
            + yaml.substring(cut));
    Art32Config config = new ConfigLoader(System.getenv(), rules.defaults()).load(file);
    return config.pairs().get(0);
  }

  private static Map<String, String> statuses(JsonNode pair) {
    Map<String, String> map = new java.util.TreeMap<>();
    pair.get("findings").forEach(f -> map.put(f.get("id").asText(), f.get("status").asText()));
    return map;
  }

  private static JsonNode finding(JsonNode pair, String id) {
    for (JsonNode f : pair.get("findings")) {
      if (f.get("id").asText().equals(id)) {
        return f;
      }
    }
    return null;
  }

  private static Map<String, ConsistencyEvidence.Table> byName(ConsistencyEvidence evidence) {
    Map<String, ConsistencyEvidence.Table> map = new java.util.TreeMap<>();
    evidence.tables().forEach(t -> map.put(t.name(), t));
    return map;
  }

  private static Finding finding(List<Finding> findings, String id) {
    return findings.stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
  }

  private static List<Path> scratchDirs() throws Exception {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      // this JVM's only: another art32 on the machine may be restoring at the same time
      String mine = "art32-restore-" + ProcessHandle.current().pid() + "-";
      return s.filter(p -> p.getFileName().toString().startsWith(mine)).sorted().toList();
    }
  }

  private static void awaitReplica() throws Exception {
    String position = query(primary, TestServer.executedGtidsSql());
    assertThat(query(replica, TestServer.waitSql(position, 30))).isEqualTo("0");
  }

  private static Connection connect(SandboxNode node) throws Exception {
    return eu.art32.sandbox.SandboxSql.connect(dir, node);
  }

  /**
   * Statements run on the replica as drift happens there: on MySQL with super_read_only lifted for
   * the session's writes and put back after (read_only stays on).
   */
  private static void writeOnReplica(String... sql) throws Exception {
    if (!TestServer.mysql()) {
      execute(replica, sql);
      return;
    }
    execute(replica, "SET GLOBAL super_read_only = OFF");
    try {
      execute(replica, sql);
    } finally {
      execute(replica, "SET GLOBAL super_read_only = ON");
    }
  }

  /**
   * Statements that give the session the rows 1..n as {@code schema.seq_1_to_n}: MariaDB's Sequence
   * engine has them already; on MySQL a temporary table of the session (never in the binary log
   * with ROW format) is filled.
   */
  private static List<String> sequence(String schema, int n) {
    if (!TestServer.mysql()) {
      return List.of();
    }
    String table = schema + ".seq_1_to_" + n;
    StringBuilder insert = new StringBuilder("INSERT INTO ").append(table).append(" VALUES (1)");
    for (int i = 2; i <= n; i++) {
      insert.append(",(").append(i).append(')');
    }
    return List.of("CREATE TEMPORARY TABLE " + table + " (seq INT PRIMARY KEY)", insert.toString());
  }

  private static void execute(SandboxNode node, String... sql) throws Exception {
    eu.art32.sandbox.SandboxSql.execute(dir, node, sql);
  }

  private static String query(SandboxNode node, String sql) throws Exception {
    return eu.art32.sandbox.SandboxSql.query(dir, node, sql);
  }
}
