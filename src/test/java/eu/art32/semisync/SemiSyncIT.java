package eu.art32.semisync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.art32.TestServer;
import eu.art32.cli.CliRun;
import eu.art32.sandbox.SandboxNode;
import eu.art32.sandbox.SandboxSql;
import eu.art32.sandbox.SandboxState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Semi-synchronous replication on a real MariaDB pair ({@code sandbox up --semisync}; built into
 * the server; the MySQL servers that run here ship no plugins, and SandboxAuditIT checks that the
 * audit names the missing one): lossless in both directions, kill drills that lose no acknowledged
 * commit, a fallback provoked by cutting the replica's IO thread past the timeout (counted, and a
 * FAIL for a pair whose RPO objective is 0), then the pair made asynchronous.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SemiSyncIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path root;
  private static Path dir;
  private static SandboxNode primary;
  private static SandboxNode replica;

  @BeforeAll
  static void up() {
    assumeFalse(TestServer.mysql(), "the MySQL servers here have no semi-sync plugins");
    dir = root.resolve("sandbox");
    List<String> args = new java.util.ArrayList<>(List.of(TestServer.sandboxUp(dir)));
    args.add("--semisync");
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<SandboxNode> nodes = SandboxState.read(dir).nodes();
    primary = nodes.get(0);
    replica = nodes.get(1);
  }

  @AfterAll
  static void down() {
    if (dir != null && Files.exists(dir.resolve("sandbox.json"))) {
      assertThat(CliRun.of("sandbox", "down", "--dir", dir.toString()).exitCode()).isZero();
    }
  }

  @Test
  @Order(1)
  void aLosslessPairInBothDirectionsPassesEveryFinding() throws Exception {
    awaitClients();
    execute(primary, "CREATE DATABASE IF NOT EXISTS semisync_it");
    execute(primary, "CREATE TABLE IF NOT EXISTS semisync_it.t (id INT PRIMARY KEY)");

    JsonNode pair = audit("lossless", dir.resolve("art32.yaml"));

    Map<String, JsonNode> semisync = semisync(pair);
    assertThat(statuses(semisync))
        .containsOnly(
            Map.entry("SEMISYNC-ENABLED", "PASS"),
            Map.entry("SEMISYNC-LOSSLESS", "PASS"),
            Map.entry("SEMISYNC-STATUS", "PASS"),
            Map.entry("SEMISYNC-FALLBACK", "PASS"));
    assertThat(semisync.get("SEMISYNC-ENABLED").get("observed").asText())
        .startsWith("semi-synchronous in both directions");
    assertThat(pair.at("/semisync/primary/waitPoint").asText()).isEqualTo("AFTER_SYNC");
    assertThat(pair.at("/semisync/primary/timeoutMillis").asLong()).isEqualTo(2000);
    assertThat(pair.at("/semisync/primary/clients").asLong()).isEqualTo(1);
    assertThat(pair.at("/semisync/primary/yesTx").asLong())
        .as("the table created above waited for the replica")
        .isGreaterThanOrEqualTo(1);
  }

  /**
   * Killed three times while the canary writes, a lossless semi-synchronous primary loses no
   * acknowledged commit: every commit the canary was told of had reached the DR node. Three drills,
   * so that a pair that only happened to lose nothing (as an asynchronous one often does on
   * loopback) would have to be lucky three times.
   */
  @Test
  @Order(2)
  void killDrillsOnALosslessPairLoseNoAcknowledgedCommit() throws Exception {
    for (int i = 1; i <= 3; i++) {
      Path out = root.resolve("drill-" + i);
      CliRun run =
          CliRun.of(
              "drill",
              "--config",
              dir.resolve("art32.yaml").toString(),
              "--pair",
              "sandbox",
              "--yes",
              "--journal-dir",
              root.resolve("journals").toString(),
              "--out",
              out.toString());
      assertThat(run.exitCode()).as(run.out() + run.err()).isIn(0, 1);
      JsonNode drill = JSON.readTree(out.resolve("evidence.json").toFile()).at("/pairs/0/drill");
      assertThat(drill.at("/rpo/acknowledged").asLong()).as("the canary ran").isGreaterThan(100);
      assertThat(drill.at("/rpo/lost").asLong())
          .as("drill %d: acknowledged commits lost on a lossless semi-sync pair", i)
          .isZero();
    }
  }

  @Test
  @Order(3)
  void aFallbackPastTheTimeoutIsCountedAndFailsAnRpoZeroPair() throws Exception {
    awaitClients();
    long before = Long.parseLong(status(primary, "Rpl_semi_sync_master_no_times"));
    execute(replica, "STOP SLAVE IO_THREAD");
    try {
      // waits 2 s for an acknowledgement nobody sends, then commits asynchronously
      execute(primary, "INSERT INTO semisync_it.t VALUES (1)");
    } finally {
      execute(replica, "START SLAVE IO_THREAD");
    }
    awaitClients();
    Path rpoZero = dir.resolve("rpo-zero.yaml");
    Files.writeString(
        rpoZero,
        Files.readString(dir.resolve("art32.yaml")).replace("      rpo: 1s\n", "      rpo: 0s\n"));

    JsonNode pair = audit("fallback", rpoZero);

    Map<String, JsonNode> semisync = semisync(pair);
    assertThat(semisync.get("SEMISYNC-FALLBACK").get("status").asText()).isEqualTo("FAIL");
    assertThat(semisync.get("SEMISYNC-FALLBACK").get("observed").asText())
        .matches("[1-9]\\d* fallback\\(s\\) to asynchronous and [1-9]\\d* commit\\(s\\) .*");
    assertThat(pair.at("/semisync/primary/noTimes").asLong()).isGreaterThan(before);
    assertThat(pair.at("/semisync/primary/noTx").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(semisync.get("SEMISYNC-ENABLED").get("status").asText()).isEqualTo("PASS");
  }

  @Test
  @Order(4)
  void anAsynchronousPairHasOneFindingThatItsRpoAllowsAndFailsAnRpoOfZero() throws Exception {
    for (SandboxNode node : List.of(primary, replica)) {
      execute(
          node,
          "SET GLOBAL rpl_semi_sync_master_enabled = OFF",
          "SET GLOBAL rpl_semi_sync_slave_enabled = OFF");
    }

    JsonNode pair = audit("async", dir.resolve("art32.yaml"));

    Map<String, JsonNode> semisync = semisync(pair);
    assertThat(semisync.keySet()).containsExactly("SEMISYNC-ENABLED");
    assertThat(semisync.get("SEMISYNC-ENABLED").get("status").asText()).isEqualTo("PASS");
    assertThat(semisync.get("SEMISYNC-ENABLED").get("observed").asText())
        .startsWith("asynchronous; the RPO objective of 1000 ms allows");
    assertThat(pair.at("/semisync/primary/sourceEnabled").asBoolean()).isFalse();
    assertThat(pair.at("/semisync/primary/missingPlugin").isNull()).as("built in").isTrue();
    JsonNode zero =
        semisync(audit("async-rpo-zero", dir.resolve("rpo-zero.yaml"))).get("SEMISYNC-ENABLED");
    assertThat(zero.get("status").asText()).isEqualTo("FAIL");
    assertThat(zero.get("observed").asText()).contains("RPO 0 needs every acknowledged commit");
  }

  /** Until the primary counts the replica as a semi-sync client (bounded: 60 s). */
  private static void awaitClients() throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!"1".equals(status(primary, "Rpl_semi_sync_master_clients"))) {
      assertThat(System.nanoTime()).as("the replica registers as semi-sync").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static JsonNode audit(String name, Path config) throws Exception {
    Path out = root.resolve(name);
    CliRun run = CliRun.of("audit", "--config", config.toString(), "--out", out.toString());
    assertThat(run.exitCode()).as(run.out() + run.err()).isIn(0, 1);
    return JSON.readTree(out.resolve("evidence.json").toFile()).at("/pairs/0");
  }

  private static Map<String, JsonNode> semisync(JsonNode pair) {
    Map<String, JsonNode> found = new TreeMap<>();
    for (JsonNode f : pair.get("findings")) {
      if (f.get("area").asText().equals("semisync")) {
        found.put(f.get("id").asText(), f);
      }
    }
    return found;
  }

  private static Map<String, String> statuses(Map<String, JsonNode> findings) {
    Map<String, String> statuses = new TreeMap<>();
    findings.forEach((id, f) -> statuses.put(id, f.get("status").asText()));
    return statuses;
  }

  private static void execute(SandboxNode node, String... sql) throws Exception {
    SandboxSql.execute(dir, node, sql);
  }

  private static String status(SandboxNode node, String name) throws Exception {
    try (Connection c = SandboxSql.connect(dir, node);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE '" + name + "'")) {
      return rs.next() ? rs.getString(2) : null;
    }
  }
}
