package eu.art32.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import eu.art32.TestServer;
import eu.art32.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real failover drills on a real pair, on every server (MariaDB 11.4 and 10.11, MySQL 5.7 and 8.0,
 * see TestServer): what differs between servers. Fencing with read_only and super_read_only, the
 * lost transactions counted by GTID arithmetic and undone before the old primary rejoins, errant
 * transactions in the pre-flight, failback in both modes, recovery after art32 is killed, a user
 * runbook and every statement of a dry run in the server's own words. The pair is checked healthy
 * by the test's own connections after each drill.
 */
@Timeout(300)
class DrillIT extends DrillSandbox {
  @Test
  void killIsMeasuredFencedAndFailedBack() throws Exception {
    long pidBefore = pair.node1.process().orElseThrow().pid();
    CliRun run = drill("kill", pair.config("kill", "      fault: kill\n"));

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    JsonNode drill = evidence("kill").at("/pairs/0/drill");
    assertThat(drill.at("/rto/ms").asDouble()).as("RTO measured").isPositive();
    assertThat(drill.at("/rpo/acknowledged").asLong()).as("the canary ran").isGreaterThan(100);
    assertThat(drill.at("/gtids/assessed").asBoolean()).isTrue();
    assertThat(drill.at("/gtids/missingCount").asLong())
        .as("every acknowledged commit lost shows up in the GTID difference too")
        .isGreaterThanOrEqualTo(drill.at("/rpo/lost").asLong());
    assertThat(drill.at("/fencing/verified").asBoolean()).isTrue();
    assertThat(drill.at("/failback/healthy").asBoolean()).isTrue();
    assertThat(names(drill.get("timeline")))
        .contains("fault injected", "first canary commit on the promoted node", "pair healthy");
    assertThat(drill.at("/tables/0/primaryChecksum").asText())
        .isEqualTo(drill.at("/tables/0/replicaChecksum").asText());
    assertThat(pair.node1.process().orElseThrow().pid())
        .as("the killed server was started again")
        .isNotEqualTo(pidBefore);
    pair.assertHealthy(pair.node1, pair.node2);
    for (String file : List.of("evidence.json", "report.html")) {
      assertThat(Files.readString(out("kill").resolve(file)))
          .as("no secret in " + file)
          .doesNotContain(pair.password())
          .doesNotContain(pair.replicationPassword());
    }
    try (PDDocument pdf = Loader.loadPDF(out("kill").resolve("report.pdf").toFile())) {
      assertThat(new PDFTextStripper().getText(pdf))
          .contains("DRILL-RPO", "DRILL-RTO", "Drill timeline");
    }
  }

  /**
   * The pre-flight reads the primary's GTIDs, waits for the replica and reads the replica's: with
   * an application writing to the primary all the while, the replica is by then past the first
   * read, which must never look errant.
   */
  @Test
  void preflightFindsNoErrantTransactionsWhileTheApplicationWrites() throws Exception {
    Path file = pair.config("preflight-busy", "      fault: kill\n");
    eu.art32.rules.RuleBook rules =
        eu.art32.rules.RuleBook.load(new eu.art32.rules.Resources("rules", null));
    eu.art32.config.PairConfig config =
        new eu.art32.config.ConfigLoader(Map.of(), rules.defaults())
            .load(file)
            .select("sandbox")
            .get(0);
    java.util.concurrent.atomic.AtomicBoolean writing =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
    try (var c = pair.connect(pair.node1);
        var s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS shop.app_writes (id BIGINT PRIMARY KEY)");
      s.execute("DELETE FROM shop.app_writes");
    }
    Thread writer =
        Thread.ofPlatform()
            .start(
                () -> {
                  try (var c = pair.connect(pair.node1);
                      var insert = c.prepareStatement("INSERT INTO shop.app_writes VALUES (?)")) {
                    while (writing.get()) {
                      insert.setLong(1, written.incrementAndGet());
                      insert.executeUpdate();
                    }
                  } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                  }
                });
    eu.art32.topology.NodeConnector connector = eu.art32.topology.NodeConnector.defaults();
    try {
      for (int i = 0; i < 10; i++) {
        Preflight.Result result =
            new Preflight(
                    config,
                    new DrillNode("primary", config.primary(), connector),
                    new DrillNode("replica", config.replica(), connector),
                    List.of())
                .run();
        var errant =
            result.findings().stream()
                .filter(f -> f.id().equals("DRILL-PRE-NO-ERRANT"))
                .findFirst()
                .orElseThrow();
        assertThat(errant.status()).as(errant.observed()).isEqualTo(eu.art32.evidence.Status.PASS);
      }
    } finally {
      writing.set(false);
      writer.join(10_000);
    }
    assertThat(written.get()).as("the application wrote throughout").isGreaterThan(10);
    try (var c = pair.connect(pair.node1);
        var s = c.createStatement()) {
      s.execute("DROP TABLE shop.app_writes");
    }
    pair.assertHealthy(pair.node1, pair.node2);
  }

  /**
   * The replica's IO thread stopped as the fault begins, 1.5 s before the kill: the canary commits
   * acknowledged in that time never reach it (with the connection closed, none can sit in a socket
   * buffer either). They are counted as lost, found again as the old primary's GTIDs (its server
   * UUID on MySQL, a range of its domain on MariaDB) that the promoted node lacks, and undone on
   * the old primary before it rejoins, so the pair ends healthy with no canary row left.
   */
  @Test
  void transactionsThePromotedNodeNeverReceivedAreCountedAndUndoneBeforeTheOldPrimaryRejoins()
      throws Exception {
    // MySQL names them by the old primary's server UUID; MariaDB by the range in its domain
    String primaryId =
        TestServer.mysql()
            ? pair.query(pair.node1, "SELECT @@GLOBAL.server_uuid") + ":"
            : "domain " + pair.query(pair.node1, "SELECT @@GLOBAL.gtid_domain_id") + " seq ";
    Path faultBegan = root.resolve("lost-fault-began");
    Files.deleteIfExists(faultBegan);
    Path config =
        pair.config(
            "lost",
            "      fault: command\n"
                + "      faultCommand: touch "
                + faultBegan
                + "; sleep 1.5; kill -KILL $(cat "
                + pair.node1.pidFile()
                + ")\n"
                + "      recoverCommand: "
                + restartCommand()
                + "\n");
    java.util.concurrent.CompletableFuture<CliRun> drill =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> drill("lost", config));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!Files.exists(faultBegan) && !drill.isDone()) {
      assertThat(System.nanoTime()).as("the fault command ran").isLessThan(deadline);
      Thread.sleep(5);
    }
    try (var c = pair.connect(pair.node2);
        var s = c.createStatement()) {
      s.execute(TestServer.dialect().stopReplicaSql() + " IO_THREAD");
    }
    CliRun run = drill.get(180, java.util.concurrent.TimeUnit.SECONDS);

    assertThat(run.exitCode()).as(run.out() + run.err()).isIn(0, 1);
    JsonNode evidence = evidence("lost").at("/pairs/0/drill");
    assertThat(evidence.at("/rpo/lost").asLong())
        .as("commits acknowledged after the IO thread stopped: " + run.out())
        .isPositive();
    assertThat(evidence.at("/gtids/assessed").asBoolean()).isTrue();
    assertThat(evidence.at("/gtids/missingCount").asLong())
        .isGreaterThanOrEqualTo(evidence.at("/rpo/lost").asLong());
    assertThat(evidence.at("/gtids/missing").asText())
        .as("the missing transactions are the old primary's")
        .contains(primaryId);
    assertThat(evidence.at("/failback/healthy").asBoolean()).as(run.out()).isTrue();
    pair.assertHealthy(pair.node1, pair.node2);
  }

  /**
   * The RPO is the whole loss: an independent writer (its own connection and its own record of
   * acknowledged commits) writes to the primary through the fault, with the replica's IO thread
   * stopped as the fault begins. art32's count of lost transactions for that writer's table must be
   * the writer's own count of acknowledged commits missing on the promoted node (plus at most the
   * one commit in flight when the primary died). The failback then stops, since art32 discards only
   * canary writes: on a pair of its own, thrown away after.
   */
  @Test
  void theWholeLossIsCountedByTableAlsoWhenTheFailbackStops() throws Exception {
    SandboxPair own = SandboxPair.up(root.resolve("whole-loss"));
    try {
      try (var c = own.connect(own.node1);
          var s = c.createStatement()) {
        s.execute("CREATE DATABASE appdata");
        s.execute("CREATE TABLE appdata.orders (seq BIGINT PRIMARY KEY, note VARCHAR(20))");
      }
      assertThat(
              own.query(
                  own.node2,
                  TestServer.waitSql(own.query(own.node1, TestServer.executedGtidsSql()), 30)))
          .isEqualTo("0");
      Path faultBegan = root.resolve("whole-loss-fault-began");
      Path config =
          own.config(
              "whole-loss",
              "      fault: command\n"
                  + "      faultCommand: touch "
                  + faultBegan
                  + "; sleep 1.5; kill -KILL $(cat "
                  + own.node1.pidFile()
                  + ")\n"
                  + "      recoverCommand: "
                  + restartCommand(own)
                  + "\n");
      List<Long> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
      java.util.concurrent.atomic.AtomicBoolean stop =
          new java.util.concurrent.atomic.AtomicBoolean();
      Thread writer =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try (var c = own.connect(own.node1);
                        var insert =
                            c.prepareStatement(
                                "INSERT INTO appdata.orders (seq, note) VALUES (?, 'order')")) {
                      for (long seq = 1; !stop.get(); seq++) {
                        insert.setLong(1, seq);
                        insert.executeUpdate();
                        acknowledged.add(seq);
                      }
                    } catch (java.sql.SQLException e) {
                      // the primary died under the writer, as an application's would
                    }
                  });
      Path out = root.resolve("whole-loss-out");
      java.util.concurrent.CompletableFuture<CliRun> drill =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () ->
                  CliRun.of(
                      "drill",
                      "--config",
                      config.toString(),
                      "--pair",
                      "sandbox",
                      "--yes",
                      "--journal-dir",
                      own.journals().toString(),
                      "--out",
                      out.toString()));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!Files.exists(faultBegan) && !drill.isDone()) {
        assertThat(System.nanoTime()).as("the fault command ran").isLessThan(deadline);
        Thread.sleep(5);
      }
      try (var c = own.connect(own.node2);
          var s = c.createStatement()) {
        s.execute(TestServer.dialect().stopReplicaSql() + " IO_THREAD");
      }
      CliRun run = drill.get(180, java.util.concurrent.TimeUnit.SECONDS);
      stop.set(true);
      writer.join(Duration.ofSeconds(30));

      assertThat(run.exitCode())
          .as("the failback will not discard the application's writes: " + run.out() + run.err())
          .isEqualTo(4);
      java.util.Set<Long> onPromoted = new java.util.HashSet<>();
      try (var c = own.connect(own.node2);
          var s = c.createStatement();
          var rs = s.executeQuery("SELECT seq FROM appdata.orders")) {
        while (rs.next()) {
          onPromoted.add(rs.getLong(1));
        }
      }
      long writerLost = acknowledged.stream().filter(seq -> !onPromoted.contains(seq)).count();
      JsonNode drillEvidence =
          JSON.readTree(out.resolve("evidence.json").toFile()).at("/pairs/0/drill");
      JsonNode gtids = drillEvidence.at("/gtids");
      assertThat(gtids.at("/assessed").asBoolean()).as("recorded though failback stopped").isTrue();
      JsonNode failback = drillEvidence.at("/failback");
      assertThat(failback.at("/instructions").asText())
          .startsWith("The pair was NOT restored. Nodes: original primary")
          .contains("What art32 did before it stopped:", "To finish by hand:", "art32 recover");
      assertThat(
              eu.art32.evidence.Catalogue.of("nb")
                  .say(eu.art32.evidence.Text.fromJson(failback.at("/instructionsText"))))
          .as("the instructions in the bokmål report")
          .startsWith("Paret ble IKKE gjenopprettet. Noder: opprinnelig primær")
          .contains("Dette gjorde art32 før den stoppet:", "Slik fullfører du for hånd:");
      long counted = 0;
      long canary = 0;
      for (JsonNode t : gtids.at("/byTable")) {
        if (t.at("/table").asText().equals("appdata.orders")) {
          counted = t.at("/transactions").asLong();
          assertThat(t.at("/canary").asBoolean()).isFalse();
        } else if (t.at("/canary").asBoolean()) {
          canary += t.at("/transactions").asLong();
        }
      }
      assertThat(writerLost).as("the writer lost acknowledged commits").isPositive();
      assertThat(counted)
          .as("art32's count for the writer's table against the writer's own " + gtids)
          .isBetween(writerLost, writerLost + 1);
      assertThat(canary).isGreaterThanOrEqualTo(drillEvidence.at("/rpo/lost").asLong());
      assertThat(gtids.at("/missingCount").asLong()).isGreaterThanOrEqualTo(counted + canary - 0);
      JsonNode rpo = null;
      for (JsonNode f :
          JSON.readTree(out.resolve("evidence.json").toFile()).at("/pairs/0/findings")) {
        if (f.at("/id").asText().equals("DRILL-RPO")) {
          rpo = f;
        }
      }
      assertThat(rpo).isNotNull();
      assertThat(rpo.at("/observed").asText())
          .contains("the application's among them: appdata.orders " + counted);
    } finally {
      own.down();
    }
  }

  @Test
  void aCleanStopLosesNothing() throws Exception {
    CliRun run = drill("stop", pair.config("stop", "      fault: stop\n"));

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    JsonNode drill = evidence("stop").at("/pairs/0/drill");
    assertThat(drill.at("/rpo/lost").asLong())
        .as("a clean shutdown waits for the replica")
        .isZero();
    assertThat(drill.at("/gtids/missingCount").asLong()).isZero();
    assertThat(drill.at("/rpo/acknowledged").asLong()).isGreaterThan(100);
    pair.assertHealthy(pair.node1, pair.node2);
  }

  @Test
  void aRunbookIsRunAndTimedAndSwapTwiceRestoresTheRoles() throws Exception {
    Path marker = root.resolve("runbook-ran");
    String runbook =
        "      - name: tell the application\n"
            + "        command: echo \"pair=$ART32_PAIR replica=$ART32_REPLICA_PORT\" > "
            + marker
            + "; sleep 0.3; echo repointed\n"
            + "        timeout: 10s\n"
            + "      - name: stop replication\n"
            + "        sql: STOP SLAVE\n"
            + "        on: replica\n"
            + "      - name: open for writes\n"
            + "        sql: SET GLOBAL read_only = OFF\n"
            + "        on: replica\n";
    Path there =
        pair.config(
            "swap-there",
            pair.node1,
            pair.node2,
            "staging",
            "      failback: swap\n      promotion: runbook\n",
            runbook);
    CliRun first = drill("swap-there", there);

    assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
    assertThat(Files.readString(marker).trim())
        .isEqualTo("pair=sandbox replica=" + pair.node2.port());
    JsonNode steps = evidence("swap-there").at("/pairs/0/drill/steps");
    assertThat(names(steps))
        .containsExactly("tell the application", "stop replication", "open for writes");
    assertThat(steps.get(0).get("durationMs").asDouble())
        .as("the sleep is inside the step's time")
        .isGreaterThanOrEqualTo(300);
    assertThat(steps.get(0).get("output").asText()).isEqualTo("repointed");
    assertThat(evidence("swap-there").at("/pairs/0/drill/failback/mode").asText())
        .isEqualTo("swap");
    pair.assertHealthy(pair.node2, pair.node1);

    Path back =
        pair.config("swap-back", pair.node2, pair.node1, "staging", "      failback: swap\n", null);
    CliRun second = drill("swap-back", back);

    assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
    pair.assertHealthy(pair.node1, pair.node2);
  }

  /**
   * art32 is SIGKILLed (a separate JVM) while the drill sits in a phase, then {@code art32 recover}
   * brings the pair back from the journal.
   */
  @ParameterizedTest(name = "killed in phase {0}")
  @ValueSource(strings = {"canary", "fault", "promotion"})
  void recoverAfterArt32IsKilled(String phase) throws Exception {
    String pid = pair.node1.pidFile().toString();
    Path config =
        switch (phase) {
          case "canary" -> pair.config("killed-canary", "      fault: kill\n      warmup: 30s\n");
          case "fault" ->
              pair.config(
                  "killed-fault",
                  "      fault: command\n"
                      + "      faultCommand: kill -STOP $(cat "
                      + pid
                      + "); sleep 30\n"
                      + "      recoverCommand: kill -CONT $(cat "
                      + pid
                      + ")\n");
          default ->
              pair.config(
                  "killed-promotion",
                  pair.node1,
                  pair.node2,
                  "staging",
                  "      fault: kill\n      promotion: runbook\n",
                  "      - name: stop replication\n        sql: STOP SLAVE\n        on: replica\n"
                      + "      - name: open for writes\n        sql: SET GLOBAL read_only = OFF\n        on: replica\n"
                      + "      - name: wait for the DNS change\n        command: sleep 30\n        timeout: 60s\n");
        };
    Path log = root.resolve("killed-" + phase + ".log");
    Process art32 =
        new ProcessBuilder(art32Jar(drillArgs(config, out("killed-" + phase))))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Path journal = pair.journals().resolve("sandbox.journal.json");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!phaseOf(journal).equals(phase)) {
      assertThat(art32.isAlive())
          .as("art32 still running; log: %s", Files.exists(log) ? Files.readString(log) : "")
          .isTrue();
      assertThat(System.nanoTime()).as("drill reached phase " + phase).isLessThan(deadline);
      Thread.sleep(20);
    }
    Thread.sleep(phase.equals("promotion") ? 1500 : 700);
    art32.destroyForcibly().waitFor();

    CliRun run =
        CliRun.of(
            "recover",
            "--config",
            config.toString(),
            "--pair",
            "sandbox",
            "--journal-dir",
            pair.journals().toString());

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("stopped in phase '" + phase + "'", "recovered:");
    pair.assertHealthy(pair.node1, pair.node2);
  }

  /** Ctrl-C or SIGTERM during a drill: art32 stops at the next step and fails back by itself. */
  @Test
  void aTerminatedDrillPutsThePairBackByItself() throws Exception {
    Path config = pair.config("terminated", "      fault: kill\n      warmup: 30s\n");
    Path log = root.resolve("terminated.log");
    Process art32 =
        new ProcessBuilder(art32Jar(drillArgs(config, out("terminated"))))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Path journal = pair.journals().resolve("sandbox.journal.json");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!phaseOf(journal).equals("canary")) {
      assertThat(art32.isAlive())
          .as("art32 still running; log: %s", Files.exists(log) ? Files.readString(log) : "")
          .isTrue();
      assertThat(System.nanoTime()).as("drill reached the canary phase").isLessThan(deadline);
      Thread.sleep(20);
    }
    Thread.sleep(500);
    art32.destroy();

    assertThat(art32.waitFor(120, java.util.concurrent.TimeUnit.SECONDS))
        .as("art32 exits after failing back")
        .isTrue();
    assertThat(Files.readString(log)).contains("interrupted", "failback");
    pair.assertHealthy(pair.node1, pair.node2);
  }

  @Test
  void aDryRunPrintsEveryStatementAndTouchesNothing() throws Exception {
    long pid = pair.node1.process().orElseThrow().pid();
    String gtids = pair.executedGtids(pair.node1);
    CliRun run =
        CliRun.of(
            "drill",
            "--config",
            pair.config("dry", "      fault: kill\n").toString(),
            "--pair",
            "sandbox",
            "--dry-run",
            "--journal-dir",
            pair.journals().toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    eu.art32.topology.Dialect dialect = eu.art32.TestServer.dialect();
    assertThat(run.out())
        .contains(
            "kill -KILL " + pid,
            dialect.stopReplicaSql(),
            dialect.resetReplicaAllSql(),
            "SET GLOBAL read_only = OFF",
            "CHANGE MASTER TO",
            "MASTER_PASSWORD='******'",
            "DROP DATABASE IF EXISTS `art32_canary`")
        .doesNotContain(pair.replicationPassword());
    if (eu.art32.TestServer.mysql()) {
      assertThat(run.out()).contains("SET GLOBAL super_read_only = ON");
    }
    assertThat(pair.executedGtids(pair.node1)).as("nothing written").isEqualTo(gtids);
    assertThat(pair.node1.process().orElseThrow().pid()).isEqualTo(pid);
  }
}
