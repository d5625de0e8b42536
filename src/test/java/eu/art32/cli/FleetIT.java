package eu.art32.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.art32.TestServer;
import eu.art32.sandbox.SandboxNode;
import eu.art32.sandbox.SandboxState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet commands against one real sandbox pair defined three times (two staging pairs and a
 * production one, all on the same hosts): run, gate, waivers, history, drills that must not overlap
 * on a shared host, and the machine-readable progress.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path root;
  private static Path dir;
  private static Path fleet;
  private static Path waivers;

  @BeforeAll
  static void up() throws Exception {
    dir = root.resolve("sandbox");
    CliRun run = CliRun.of(eu.art32.TestServer.sandboxUp(dir));
    assertThat(run.exitCode()).as(run.err()).isZero();
    String yaml = Files.readString(dir.resolve("art32.yaml"));
    String head = yaml.substring(0, yaml.indexOf("pairs:\n"));
    String pair = yaml.substring(yaml.indexOf("pairs:\n") + "pairs:\n".length());
    String bare =
        pair.replaceAll("(?m)^    mirror:\\n(^      .*\\n)+", "")
            .replaceAll("(?m)^    backup:\\n(^      .*\\n)+", "");
    fleet = dir.resolve("fleet.yaml");
    Files.writeString(
        fleet,
        head
            + "evidence:\n  history: history\npairs:\n"
            + bare.replace("tags: [sandbox]", "tags: [shop]")
            + bare.replace("name: sandbox", "name: sandbox-b")
                .replace("tags: [sandbox]", "tags: [crm]")
            + bare.replace("name: sandbox", "name: sandbox-prod")
                .replace("environment: staging", "environment: production")
                .replace("tags: [sandbox]", "tags: [crm]"));
    waivers = dir.resolve("waivers.yaml");
    Files.writeString(
        waivers,
        """
        waivers:
          - finding: RESIDENCY-SEPARATION
            pair: "*"
            justification: the sandbox runs both nodes on one machine
            approver: Kari Nordmann (DPO)
            expires: 2099-12-31
          - finding: DRILL-INTERVAL
            pair: sandbox-prod
            justification: production is never drilled; its staging twin is
            approver: Kari Nordmann (DPO)
            expires: 2020-01-01
          - finding: NO-SUCH-FINDING
            pair: sandbox-b
            justification: left over from last quarter
            approver: Ola
            expires: 2099-12-31
        """);
  }

  @AfterAll
  static void down() {
    if (dir != null && Files.exists(dir.resolve("sandbox.json"))) {
      assertThat(CliRun.of("sandbox", "down", "--dir", dir.toString()).exitCode()).isZero();
    }
  }

  @Test
  @Order(1)
  void aFleetRunAuditsEveryPairWithWaiversAndWritesEvidencePerPair() throws Exception {
    Path out = root.resolve("run1");
    CliRun run =
        CliRun.of(
            "run",
            "--config",
            fleet.toString(),
            "--parallel",
            "3",
            "--waivers",
            waivers.toString(),
            "--out",
            out.toString());

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains("[3/3]", "pair sandbox: WARN", "pair sandbox-b: WARN", "pair sandbox-prod: WARN")
        .contains("waiver EXPIRED for sandbox-prod/DRILL-INTERVAL")
        .contains("waiver UNMATCHED for sandbox-b/NO-SUCH-FINDING")
        .doesNotContain("\u001b[");
    JsonNode evidence = JSON.readTree(out.resolve("evidence.json").toFile());
    assertThat(evidence.get("pairs")).hasSize(3);
    for (JsonNode pair : evidence.get("pairs")) {
      JsonNode separation = finding(pair, "RESIDENCY-SEPARATION");
      assertThat(separation.get("status").asText()).isEqualTo("WAIVED");
      assertThat(separation.get("observed").asText())
          .contains("was WARN: the sandbox runs both nodes on one machine");
      assertThat(finding(pair, "DRILL-INTERVAL").get("status").asText())
          .as("the history holds no drill yet")
          .isEqualTo("WARN");
      JsonNode own =
          JSON.readTree(
              out.resolve("pairs")
                  .resolve(pair.get("name").asText())
                  .resolve("evidence.json")
                  .toFile());
      assertThat(own.get("runId").asText()).isEqualTo(evidence.get("runId").asText());
      assertThat(own.get("pairs")).hasSize(1);
      assertThat(own.at("/pairs/0/name").asText()).isEqualTo(pair.get("name").asText());
    }
    assertThat(evidence.get("waivers"))
        .extracting(w -> w.get("state").asText())
        .containsExactly("APPLIED", "EXPIRED", "UNMATCHED");
    // the per-pair files are part of the run: listed in its manifest, here and in the history
    CliRun verify = CliRun.of("verify", out.toString());
    assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out() + verify.err()).doesNotContain("in no manifest");
    assertThat(Files.readString(out.resolve("manifest.json")))
        .contains("\"pairs/sandbox-b/evidence.json\"");
    // the three pairs are one pair of servers: each node's round trips are sampled once, by
    // whichever pair's audit reached the node first (on a busy machine not always the first pair)
    int measuring = -1;
    for (int i = 0; i < 3; i++) {
      if (evidence.at("/pairs/" + i + "/latency/series/0/measuredFor").isNull()) {
        measuring = i;
      }
    }
    assertThat(measuring).as("one pair measured the shared nodes").isNotNegative();
    String measurer = evidence.at("/pairs/" + measuring + "/name").asText();
    JsonNode first = evidence.at("/pairs/" + measuring + "/latency/series");
    assertThat(first)
        .hasSize(4)
        .allSatisfy(s -> assertThat(s.get("measuredFor").isNull()).isTrue());
    for (int i = 0; i < 3; i++) {
      if (i == measuring) {
        continue;
      }
      JsonNode series = evidence.at("/pairs/" + i + "/latency/series");
      for (int s = 0; s < 4; s++) {
        assertThat(series.get(s).get("measuredFor").asText()).isEqualTo(measurer);
        assertThat(series.get(s).get("samplesMs")).isEqualTo(first.get(s).get("samplesMs"));
      }
    }
    assertThat(Files.readString(out.resolve("report.html")))
        .contains("Waivers", "matches nothing", "the sandbox runs both nodes on one machine")
        .contains("measured once in this run, for pair " + measurer + " (same node)");
  }

  @Test
  @Order(2)
  void theGateSelectsByTagAndFailsOnlyAtItsSeverity() throws Exception {
    Path out = root.resolve("gate");
    Files.writeString(
        dir.resolve("strict.yaml"),
        Files.readString(fleet).replace("      rpo: 1s\n", "      rpo: 1s\n      lag: 500ms\n"));
    // the replica really lags: its SQL thread waits for the heartbeat table the test holds, so
    // the heartbeats stay unseen for the whole window, a lag no busy art32 host can make smaller
    // (a lag of a few ms cannot be told from art32 polling late, and is left unconfirmed)
    CliRun strict;
    try (Connection hold = holdHeartbeatTable()) {
      strict =
          CliRun.of(
              "gate",
              "--config",
              dir.resolve("strict.yaml").toString(),
              "--tag",
              "crm",
              "--out",
              out.toString());
    }

    assertThat(strict.exitCode()).as(strict.out() + strict.err()).isEqualTo(1);
    assertThat(strict.out())
        .contains("pair sandbox-b: FAIL", "pair sandbox-prod: FAIL", "FAIL LAG-HEARTBEAT")
        .doesNotContain("pair sandbox:")
        .containsPattern("gate: FAIL \\(2 finding\\(s\\) fail at --fail-on low; exit 1\\)");
    assertThat(Files.readString(out.resolve("junit.xml"))).contains("<failure", "LAG-HEARTBEAT");
    assertThat(Files.readString(out.resolve("summary.md"))).contains("LAG-HEARTBEAT");

    CliRun lenient;
    try (Connection hold = holdHeartbeatTable()) {
      lenient =
          CliRun.of(
              "gate",
              "--config",
              dir.resolve("strict.yaml").toString(),
              "--tag",
              "crm",
              "--fail-on",
              "high",
              "--out",
              root.resolve("gate2").toString());
    }
    assertThat(lenient.exitCode()).as("lag is a medium finding").isZero();
    assertThat(lenient.out()).contains("gate: PASS (0 finding(s) fail at --fail-on high; exit 0)");
  }

  @Test
  @Order(3)
  void drillsOnPairsSharingAHostRunOneAfterTheOtherAndProductionIsNeverDrilled() throws Exception {
    Path out = root.resolve("run2");
    CliRun refused =
        CliRun.of("run", "--config", fleet.toString(), "--drill", "--out", out.toString());
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("pass --yes", "sandbox, sandbox-b");

    CliRun run =
        CliRun.of(
            "run",
            "--config",
            fleet.toString(),
            "--drill",
            "--yes",
            "--max-drills",
            "2",
            "--json",
            "--journal-dir",
            root.resolve("journals").toString(),
            "--out",
            out.toString());

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    List<JsonNode> events = new ArrayList<>();
    for (String line : run.out().split("\n")) {
      events.add(JSON.readTree(line));
    }
    assertThat(events).allSatisfy(e -> assertThat(e.has("event")).isTrue());
    assertThat(events.stream().map(e -> e.get("event").asText()).distinct())
        .contains("drill", "note", "pair-started", "pair-finished", "result");
    JsonNode result = events.get(events.size() - 1);
    assertThat(result.get("event").asText()).isEqualTo("result");
    assertThat(result.get("exitCode").asInt()).isZero();
    JsonNode evidence = JSON.readTree(out.resolve("evidence.json").toFile());
    Map<String, JsonNode> drills = new java.util.HashMap<>();
    for (JsonNode pair : evidence.get("pairs")) {
      drills.put(pair.get("name").asText(), pair.get("drill"));
    }
    assertThat(drills.get("sandbox-prod").isNull())
        .as("production is audited, never drilled")
        .isTrue();
    JsonNode a = drills.get("sandbox");
    JsonNode b = drills.get("sandbox-b");
    assertThat(a.at("/failback/healthy").asBoolean()).isTrue();
    assertThat(b.at("/failback/healthy").asBoolean()).isTrue();
    Instant aEnd = lastEvent(a);
    Instant bStart = Instant.parse(b.get("startedAt").asText());
    Instant bEnd = lastEvent(b);
    Instant aStart = Instant.parse(a.get("startedAt").asText());
    assertThat(aEnd.isBefore(bStart) || bEnd.isBefore(aStart))
        .as("the two pairs share their hosts, so their drills must not overlap")
        .isTrue();
    for (JsonNode pair : evidence.get("pairs")) {
      if (!pair.get("name").asText().equals("sandbox-prod")) {
        assertThat(finding(pair, "DRILL-INTERVAL").get("status").asText()).isEqualTo("PASS");
      }
    }
  }

  @Test
  @Order(4)
  void historyListsTheRunsWithVerdictsAndDrillFigures() {
    CliRun all = CliRun.of("history", "--config", fleet.toString());
    assertThat(all.exitCode()).as(all.err()).isZero();
    assertThat(all.out().lines().filter(l -> l.contains("art32 run")).count())
        .as("two fleet runs of three pairs each")
        .isGreaterThanOrEqualTo(6);
    CliRun one = CliRun.of("history", "--config", fleet.toString(), "--pair", "sandbox-b");
    assertThat(one.out().lines().filter(l -> l.contains("sandbox-b")).toList())
        .anySatisfy(
            l ->
                assertThat(l)
                    .containsPattern("art32 run --drill\\s+sandbox-b\\s+\\w+\\s+[\\d.]+\\s+\\d+/"))
        .allSatisfy(l -> assertThat(l).doesNotContain(" sandbox "));
  }

  @Test
  @Order(5)
  void aBrokenWaiverFileStopsBeforeAnythingRuns() throws Exception {
    Path bad = dir.resolve("bad-waivers.yaml");
    Files.writeString(bad, "waivers:\n  - finding: X\n    pair: y\n    expires: soon\n");
    CliRun run =
        CliRun.of(
            "gate",
            "--config",
            fleet.toString(),
            "--waivers",
            bad.toString(),
            "--out",
            root.resolve("never").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains(bad + ":4:5: 'waivers[].expires': expected a date YYYY-MM-DD, found 'soon'")
        .contains("missing key 'waivers[].justification'");
    assertThat(root.resolve("never")).doesNotExist();
  }

  @Test
  @Order(6)
  void versionNamesTheRuleSetAndCompletionIsABashScript() {
    CliRun version = CliRun.of("--version");
    assertThat(version.out()).containsPattern("art32 \\S+").containsPattern("rules \\d{4}\\.\\d+");
    CliRun completion = CliRun.of("generate-completion");
    assertThat(completion.exitCode()).isZero();
    assertThat(completion.out()).contains("complete -F", "art32", "gate", "history");
  }

  private static Instant lastEvent(JsonNode drill) {
    JsonNode timeline = drill.get("timeline");
    return Instant.parse(timeline.get(timeline.size() - 1).get("at").asText());
  }

  private static JsonNode finding(JsonNode pair, String id) {
    for (JsonNode f : pair.get("findings")) {
      if (f.get("id").asText().equals(id)) {
        return f;
      }
    }
    throw new AssertionError("no finding " + id + " in pair " + pair.get("name"));
  }

  /**
   * Three pairs on one sandbox that share its backup directory and its file mirror, audited at
   * once: each pair's backup folder and canaries are its own, and the shared mirror and backup
   * directory are worked on by one pair at a time, so no pair fails because of another.
   */
  @Test
  @Order(7)
  void pairsSharingABackupDirectoryAndAMirrorDoNotInterfere() throws Exception {
    String yaml = Files.readString(dir.resolve("art32.yaml"));
    org.junit.jupiter.api.Assumptions.assumeTrue(
        yaml.contains("    backup:\n") && yaml.contains("    mirror:\n"),
        "the sandbox has no backup or mirror here (mariadb-backup or lsyncd missing, or a MySQL"
            + " sandbox, which takes no backups)");
    String head = yaml.substring(0, yaml.indexOf("pairs:\n"));
    String pair = yaml.substring(yaml.indexOf("pairs:\n") + "pairs:\n".length());
    Path shared = dir.resolve("shared.yaml");
    Files.writeString(
        shared,
        head
            + "pairs:\n"
            + pair
            + pair.replace("name: sandbox", "name: sandbox-2")
            + pair.replace("name: sandbox", "name: sandbox-3"));
    Path out = root.resolve("shared-out");
    CliRun run =
        CliRun.of("run", "--config", shared.toString(), "--parallel", "3", "--out", out.toString());

    assertThat(run.err()).doesNotContain("internal error");
    JsonNode evidence = JSON.readTree(out.resolve("evidence.json").toFile());
    List<String> failed = new ArrayList<>();
    for (JsonNode p : evidence.get("pairs")) {
      for (JsonNode f : p.get("findings")) {
        String id = f.get("id").asText();
        if ((id.startsWith("BACKUP-") || id.startsWith("MIRROR-"))
            && !f.get("status").asText().equals("PASS")) {
          failed.add(
              p.get("name").asText()
                  + " "
                  + id
                  + " "
                  + f.get("status").asText()
                  + ": "
                  + f.get("observed").asText());
        }
      }
    }
    assertThat(failed).as("backup and mirror findings of three pairs sharing both").isEmpty();
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    try (var left = Files.list(dir.resolve("backups"))) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("each pair's backup removed after its check")
          .noneMatch(n -> n.startsWith("art32-"));
    }
  }

  /**
   * Holds a read lock on the heartbeat table on the replica until closed: the replica's SQL thread
   * cannot apply a heartbeat meanwhile. The table is made first when no audit has made it yet.
   */
  private static Connection holdHeartbeatTable() throws Exception {
    List<SandboxNode> nodes = SandboxState.read(dir).nodes();
    String table = "art32_heartbeat.heartbeat";
    try (Connection primary = connect(nodes.get(0));
        Statement s = primary.createStatement()) {
      s.execute("CREATE DATABASE IF NOT EXISTS art32_heartbeat");
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + table
              + " (id BIGINT UNSIGNED NOT NULL PRIMARY KEY, server_id INT UNSIGNED NOT NULL,"
              + " seq BIGINT UNSIGNED NOT NULL, ts VARCHAR(32) NOT NULL) ENGINE=InnoDB");
      try (ResultSet r = s.executeQuery(TestServer.executedGtidsSql())) {
        r.next();
        String position = r.getString(1);
        Connection replica = connect(nodes.get(1));
        try (Statement w = replica.createStatement();
            ResultSet done = w.executeQuery(TestServer.waitSql(position, 30))) {
          done.next();
          assertThat(done.getString(1)).as("the replica has the heartbeat table").isEqualTo("0");
          w.execute("LOCK TABLES " + table + " READ");
        } catch (Exception e) {
          replica.close();
          throw e;
        }
        return replica;
      }
    }
  }

  private static Connection connect(SandboxNode node) throws Exception {
    return eu.art32.sandbox.SandboxSql.connect(dir, node);
  }
}
