package eu.art32.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import eu.art32.Shell;
import eu.art32.TestServer;
import eu.art32.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a drill does around the database server, the same on every server and so run on the default
 * one (DrillIT runs what differs on all four): the faults made by the operating system (freeze,
 * partition with iptables, the user's own commands), a replica frozen in the warm-up, the
 * application's endpoint through a real HAProxy and split brain through it, failover managers (a
 * watched thread, one that never promotes, MHA 0.58), files the mirror had not copied, the event
 * stream, and the CLI's refusals before anything is touched.
 */
@Timeout(300)
class DrillWiringIT extends DrillSandbox {
  @Test
  void filesTheMirrorHadNotCopiedAtTheFaultAreListed() throws Exception {
    assumeTrue(
        Files.exists(pair.dir.resolve("lsyncd.pid")), "the sandbox runs no lsyncd mirror here");
    long lsyncd = Long.parseLong(Files.readString(pair.dir.resolve("lsyncd.pid")).trim());
    Path config =
        pair.config(
            "mirror-at-fault", pair.node1, pair.node2, "staging", "      fault: kill\n", null);
    Files.writeString(
        config,
        Files.readString(config)
            .replace(
                "    drill:\n",
                "    mirror: {source: uploads, target: "
                    + pair.dir.resolve("uploads-mirror")
                    + ", lsyncdConfig: lsyncd.conf.lua, fileRpo: 2s}\n    drill:\n"));
    Shell.run(List.of("kill", "-STOP", Long.toString(lsyncd)), Duration.ofSeconds(5), Map.of());
    try {
      Files.writeString(
          pair.dir.resolve("uploads/contracts/signed-during-the-drill.txt"), "new contract\n");
      Files.writeString(pair.dir.resolve("uploads/cache/excluded.tmp"), "never mirrored\n");
      CliRun run = drill("mirror-at-fault", config);

      assertThat(run.exitCode()).as(run.out() + run.err()).isIn(0, 1);
      JsonNode files = evidence("mirror-at-fault").at("/pairs/0/drill/filesAtFault");
      assertThat(files.get("missingOnMirror").asLong()).as(files.toString()).isEqualTo(1);
      assertThat(files.get("samples").get(0).asText())
          .isEqualTo("contracts/signed-during-the-drill.txt");
    } finally {
      Shell.run(List.of("kill", "-CONT", Long.toString(lsyncd)), Duration.ofSeconds(5), Map.of());
    }
    pair.assertHealthy(pair.node1, pair.node2);
  }

  @Test
  void aFrozenPrimaryDoesNotHangTheDrill() throws Exception {
    long pid = pair.node1.process().orElseThrow().pid();
    CliRun run = drill("freeze", pair.config("freeze", "      fault: freeze\n"));

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    JsonNode drill = evidence("freeze").at("/pairs/0/drill");
    assertThat(drill.at("/rto/ms").asDouble()).isPositive();
    assertThat(drill.at("/fencing/verified").asBoolean()).isTrue();
    assertThat(pair.node1.process().orElseThrow().pid())
        .as("the same process, resumed")
        .isEqualTo(pid);
    assertThat(Files.readString(Path.of("/proc/" + pid + "/stat")).split(" ")[2])
        .as("not left stopped")
        .isNotEqualTo("T");
    pair.assertHealthy(pair.node1, pair.node2);
  }

  @Test
  void aPartitionedPrimaryIsCutOffAndReconnected() throws Exception {
    assumeTrue(
        iptablesWorks(), "iptables is not usable here (needs root and the iptables package)");
    CliRun run = drill("partition", pair.config("partition", "      fault: partition\n"));

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    JsonNode drill = evidence("partition").at("/pairs/0/drill");
    assertThat(drill.at("/faultDetail").asText())
        .contains("iptables -I INPUT", "--dport " + pair.node1.port());
    assertThat(
            Shell.run(List.of("iptables", "-w", "-S"), Duration.ofSeconds(10), Map.of()).output())
        .as("no art32 rule left behind")
        .doesNotContain("art32-drill");
    pair.assertHealthy(pair.node1, pair.node2);
  }

  @Test
  void theUsersOwnFaultAndRecoverCommandsAreRun() throws Exception {
    List<String> command =
        pair.node1.process().orElseThrow().info().arguments().map(List::of).orElseThrow();
    String server = pair.node1.process().orElseThrow().info().command().orElseThrow();
    String restart =
        "setsid " + server + " " + command.get(0) + " --read-only=ON >/dev/null 2>&1 </dev/null &";
    Path config =
        pair.config(
            "command",
            "      fault: command\n"
                + "      faultCommand: kill -KILL $(cat "
                + pair.node1.pidFile()
                + ")\n"
                + "      recoverCommand: "
                + restart
                + "\n");
    CliRun run = drill("command", config);

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(evidence("command").at("/pairs/0/drill/faultDetail").asText())
        .startsWith("command: kill -KILL");
    pair.assertHealthy(pair.node1, pair.node2);
  }

  /**
   * A replica that freezes during the warm-up: the check right before the fault finds it silent,
   * the primary is never killed, and the pair is put back once the replica runs again.
   */
  @Test
  void aReplicaFrozenDuringTheWarmUpStopsTheDrillBeforeTheFault() throws Exception {
    long primaryPid = pair.node1.process().orElseThrow().pid();
    long replicaPid = pair.node2.process().orElseThrow().pid();
    Path config =
        pair.config("frozen-replica", "      fault: kill\n      warmup: 3s\n      maxLag: 2s\n");
    Path journal = pair.journals().resolve("sandbox.journal.json");
    java.util.concurrent.CompletableFuture<CliRun> run =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> drill("frozen-replica", config));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!phaseOf(journal).equals("canary")) {
      assertThat(System.nanoTime()).as("drill reached the canary phase").isLessThan(deadline);
      Thread.sleep(20);
    }
    Thread.sleep(500);
    Shell.run(List.of("kill", "-STOP", Long.toString(replicaPid)), Duration.ofSeconds(5), Map.of());
    try {
      while (!phaseOf(journal).equals("failback") && !run.isDone()) {
        assertThat(System.nanoTime()).as("drill gave up on the replica").isLessThan(deadline);
        Thread.sleep(20);
      }
    } finally {
      Shell.run(
          List.of("kill", "-CONT", Long.toString(replicaPid)), Duration.ofSeconds(5), Map.of());
    }
    CliRun result = run.get(180, java.util.concurrent.TimeUnit.SECONDS);

    assertThat(result.out()).contains("just before the fault; no fault was injected");
    assertThat(pair.node1.process().orElseThrow().pid())
        .as("the primary was never killed")
        .isEqualTo(primaryPid);
    JsonNode drill = evidence("frozen-replica").at("/pairs/0/drill");
    assertThat(drill.at("/faultAt").isNull()).as("no fault time: no fault").isTrue();
    assertThat(names(drill.get("timeline"))).contains("replica not ready for the fault");
    pair.assertHealthy(pair.node1, pair.node2);
  }

  /** With --json a drill's standard output is JSON lines only: drill events, then the result. */
  @Test
  void aDrillWithJsonPrintsOneEventALine() throws Exception {
    Path config = pair.config("json", "      fault: kill\n");
    List<String> args = new ArrayList<>(drillArgs(config, out("json")));
    args.add("--json");
    CliRun run = CliRun.of(args.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    List<JsonNode> events = new ArrayList<>();
    for (String line : run.out().lines().toList()) {
      events.add(JSON.readTree(line)); // throws on any line that is not JSON
    }
    assertThat(events)
        .extracting(e -> e.get("event").asText())
        .contains("drill")
        .last()
        .isEqualTo("result");
    assertThat(events.stream().filter(e -> e.get("event").asText().equals("drill")))
        .allSatisfy(e -> assertThat(e.get("pair").asText()).isEqualTo("sandbox"));
    assertThat(events.get(events.size() - 1).get("elapsedMs").asLong())
        .as("measured from the command's start, through the whole drill")
        .isGreaterThan(events.get(0).get("elapsedMs").asLong());
    pair.assertHealthy(pair.node1, pair.node2);
  }

  @Test
  void aProductionPairIsRefusedBeforeAnyConnection() throws Exception {
    Path config =
        pair.config(
            "production", pair.node1, pair.node2, "production", "      fault: kill\n", null);
    long pid = pair.node1.process().orElseThrow().pid();
    CliRun run = drill("production", config);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("drills run only on staging pairs");
    assertThat(pair.node1.process().orElseThrow().pid()).isEqualTo(pid);
    assertThat(out("production")).doesNotExist();
    pair.assertHealthy(pair.node1, pair.node2);
  }

  /**
   * Inputs that could only fail after the drill (a signing key that is not there, a broken
   * template, a drill timeout of 0 s) stop it before the pair is touched: no restart, no new
   * transaction on either node, no journal, no output.
   */
  @Test
  void badOutputInputsStopTheDrillBeforeThePairIsTouched() throws Exception {
    Path config = pair.config("bad-inputs", "      fault: kill\n      timeout: 0s\n");
    Path templates = Files.createDirectories(root.resolve("broken-templates"));
    Files.writeString(templates.resolve("report.ftlh"), "<#if run.runId>never closed\n");
    long pid1 = pair.node1.process().orElseThrow().pid();
    long pid2 = pair.node2.process().orElseThrow().pid();
    String gtids1 = pair.executedGtids(pair.node1);
    String gtids2 = pair.executedGtids(pair.node2);
    List<String> args = new ArrayList<>(drillArgs(config, out("bad-inputs")));
    args.addAll(
        List.of(
            "--sign-key",
            root.resolve("no-such.key").toString(),
            "--templates",
            templates.toString()));

    CliRun run = CliRun.of(args.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
    assertThat(run.err())
        .as("the config's problem and the outputs' in one round")
        .contains(
            "'pairs[sandbox].drill.timeout': 0s is below the least allowed, 1s",
            "--sign-key " + root.resolve("no-such.key"),
            "report.ftlh:1:",
            "3 problems; nothing was run");
    config = pair.config("bad-inputs", "      fault: kill\n");
    args.set(args.indexOf("--config") + 1, config.toString());
    run = CliRun.of(args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
    assertThat(run.err())
        .contains("--sign-key " + root.resolve("no-such.key"), "report.ftlh:1:")
        .contains("2 problems; nothing was run");
    assertThat(pair.node1.process().orElseThrow().pid())
        .as("primary not restarted")
        .isEqualTo(pid1);
    assertThat(pair.node2.process().orElseThrow().pid())
        .as("replica not restarted")
        .isEqualTo(pid2);
    assertThat(pair.executedGtids(pair.node1))
        .as("no transaction on the primary")
        .isEqualTo(gtids1);
    assertThat(pair.executedGtids(pair.node2))
        .as("no transaction on the replica")
        .isEqualTo(gtids2);
    assertThat(out("bad-inputs")).doesNotExist();
    assertThat(pair.journals().resolve("sandbox.journal.json")).doesNotExist();
  }

  @Test
  void withoutYesAndWithoutATerminalNothingIsTouched() {
    CliRun run =
        CliRun.of(
            "drill",
            "--config",
            pair.config("noyes", "      fault: kill\n").toString(),
            "--pair",
            "sandbox",
            "--journal-dir",
            pair.journals().toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("pass --yes");
  }

  /**
   * The canary writes through a real HAProxy in front of the pair; the runbook's last step moves
   * HAProxy's backend to the DR node through its runtime API, half a second after the promoted node
   * opens for writes. The RTO is the application's: it ends at the first commit through the proxy,
   * which cannot come before the switch, and the database's own figure is beside it.
   */
  @Test
  void throughTheEndpointTheRtoEndsWhenTheProxyReachesThePromotedNode() throws Exception {
    assumeTrue(HaProxy.available(), "haproxy and socat are not installed");
    try (HaProxy proxy =
        HaProxy.start(
            root.resolve("haproxy-reroute"), pair.node1.port(), pair.node2.port(), null)) {
      String runbook =
          "      - name: stop replication\n"
              + "        sql: STOP SLAVE\n"
              + "        on: replica\n"
              + "      - name: open for writes\n"
              + "        sql: SET GLOBAL read_only = OFF\n"
              + "        on: replica\n"
              + "      - name: point the application at the DR node\n"
              + "        command: sleep 0.5; "
              + proxy.shellCommands(
                  "enable server db/dr",
                  "disable server db/primary",
                  "shutdown sessions server db/primary")
              + "\n"
              + "        timeout: 10s\n";
      Path config =
          pair.config(
              "endpoint",
              pair.node1,
              pair.node2,
              "staging",
              "      promotion: runbook\n"
                  + "      canaryConnections: 2\n"
                  + "      endpoint: {host: 127.0.0.1, port: "
                  + proxy.port
                  + "}\n",
              runbook);
      CliRun run;
      try {
        run = drill("endpoint", config);
      } finally {
        proxy.pointAt("primary");
      }

      onlyLossMayFail(run, "endpoint");
      JsonNode drill = evidence("endpoint").at("/pairs/0/drill");
      assertThat(drill.at("/endpoint/address").asText()).isEqualTo("127.0.0.1:" + proxy.port);
      assertThat(drill.at("/endpoint/onOldPrimary").asLong())
          .as("the canary wrote through the proxy to the primary before the fault")
          .isPositive();
      assertThat(drill.at("/endpoint/onPromoted").asLong()).isPositive();
      assertThat(drill.at("/endpoint/splitBrainCommits").asLong()).isZero();
      double rto = drill.at("/rto/ms").asDouble();
      double database = drill.at("/rto/databaseMs").asDouble();
      assertThat(database).as("the promoted node's own first write").isPositive();
      assertThat(rto)
          .as("the application gets through after the node itself")
          .isGreaterThanOrEqualTo(database);
      JsonNode reroute = drill.at("/steps/2");
      assertThat(reroute.get("name").asText()).isEqualTo("point the application at the DR node");
      assertThat(rto)
          .as("no write reaches the DR node through the proxy before the switch")
          .isGreaterThanOrEqualTo(reroute.get("startMs").asDouble() + 500);
      assertThat(names(drill.at("/rto/phases")))
          .contains("detection", "promotion", "rerouting")
          .containsSubsequence("stop replication", "open for writes");
      JsonNode rerouting =
          StreamSupport.stream(drill.at("/rto/phases").spliterator(), false)
              .filter(p -> p.get("name").asText().equals("rerouting"))
              .findFirst()
              .orElseThrow();
      assertThat(rerouting.get("startMs").asDouble() + rerouting.get("durationMs").asDouble())
          .as("rerouting ends at the application's first write")
          .isCloseTo(rto, org.assertj.core.data.Offset.offset(0.01));
      JsonNode findings = evidence("endpoint").at("/pairs/0/findings");
      assertThat(status(findings, "DRILL-SPLIT-BRAIN")).isEqualTo("PASS");
      assertThat(status(findings, "DRILL-PRE-ENDPOINT")).isEqualTo("PASS");
      assertThat(status(findings, "DRILL-FAILBACK"))
          .as("the pair is back, but the proxy still leads to the read-only DR node")
          .isEqualTo("WARN");
      assertThat(observed(findings, "DRILL-FAILBACK"))
          .contains("leads to server_id 2, which is read-only");
      assertThat(Files.readString(out("endpoint").resolve("report.html")))
          .contains("rerouting", "through the endpoint 127.0.0.1:" + proxy.port);
      pair.assertHealthy(pair.node1, pair.node2);
    }
  }

  /**
   * A proxy nobody switches, in front of a primary cut off from everything that runs as root (art32
   * and the replica's IO thread) but not from HAProxy, which runs as its own user: the promoted
   * node takes writes while the proxy goes on sending the application's to the old primary. That is
   * split brain, and the drill says so with the count; failback removes those writes.
   */
  @Test
  void anEndpointStillSendingWritesToTheOldPrimaryIsSplitBrain() throws Exception {
    assumeTrue(HaProxy.available(), "haproxy and socat are not installed");
    assumeTrue(
        iptablesWorks(), "iptables is not usable here (needs root and the iptables package)");
    String rule =
        " OUTPUT -p tcp -d 127.0.0.1 --dport "
            + pair.node1.port()
            + " -m owner --uid-owner 0 -j REJECT --reject-with tcp-reset";
    try (HaProxy proxy =
        HaProxy.start(
            root.resolve("haproxy-split"), pair.node1.port(), pair.node2.port(), "haproxy")) {
      Path config =
          pair.config(
              "split",
              "      fault: command\n"
                  + "      faultCommand: iptables -w -I"
                  + rule
                  + "\n"
                  + "      recoverCommand: iptables -w -D"
                  + rule
                  + "\n"
                  + "      endpoint: {host: 127.0.0.1, port: "
                  + proxy.port
                  + "}\n");
      Files.writeString(config, Files.readString(config).replace("rto: 60s", "rto: 3s"));
      CliRun run;
      try {
        run = drill("split", config);
      } finally {
        Shell.run("iptables -w -D" + rule + " 2>/dev/null", Duration.ofSeconds(10), Map.of());
      }

      assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
      JsonNode drill = evidence("split").at("/pairs/0/drill");
      long split = drill.at("/endpoint/splitBrainCommits").asLong();
      assertThat(split).as(run.out()).isPositive();
      assertThat(drill.at("/endpoint/onPromoted").asLong()).isZero();
      assertThat(drill.at("/rto/ms").isNull())
          .as("the application never reached the promoted node")
          .isTrue();
      assertThat(drill.at("/rto/databaseMs").asDouble()).isPositive();
      assertThat(drill.at("/rpo/lost").asLong())
          .as("the split-brain writes are not on the promoted node")
          .isGreaterThanOrEqualTo(split);
      JsonNode findings = evidence("split").at("/pairs/0/findings");
      assertThat(status(findings, "DRILL-SPLIT-BRAIN")).isEqualTo("FAIL");
      assertThat(observed(findings, "DRILL-SPLIT-BRAIN"))
          .startsWith(split + " write(s) through the endpoint");
      assertThat(status(findings, "DRILL-RTO")).isEqualTo("FAIL");
      assertThat(status(findings, "DRILL-FAILBACK")).isEqualTo("PASS");
      pair.assertHealthy(pair.node1, pair.node2);
    }
  }

  /**
   * A failover manager that acts on its own, here a watcher thread of the test's (three failed
   * pings 200 ms apart, then STOP SLAVE, RESET SLAVE ALL, read_only=OFF on the replica and HAProxy
   * switched through its runtime API): art32 injects the fault and only watches. The detection
   * phase is the manager's own: it cannot be shorter than its two waits between pings.
   */
  @Test
  void aFailoverManagerThatPromotesOnItsOwnIsWatchedAndTimed() throws Exception {
    assumeTrue(HaProxy.available(), "haproxy and socat are not installed");
    try (HaProxy proxy =
        HaProxy.start(
            root.resolve("haproxy-manager"), pair.node1.port(), pair.node2.port(), null)) {
      Path config =
          pair.config(
              "manager",
              "      promotion: external\n"
                  + "      detectTimeout: 30s\n"
                  + "      manager: test watcher (3 pings, 200 ms apart)\n"
                  + "      endpoint: {host: 127.0.0.1, port: "
                  + proxy.port
                  + "}\n");
      java.util.concurrent.atomic.AtomicLong promotedAt =
          new java.util.concurrent.atomic.AtomicLong();
      Thread manager =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    int failures = 0;
                    long seenAlive = 0;
                    while (failures < 3 && !Thread.currentThread().isInterrupted()) {
                      try {
                        pair.query(pair.node1, "SELECT 1");
                        failures = 0;
                        seenAlive++;
                      } catch (java.sql.SQLException e) {
                        failures += seenAlive > 0 ? 1 : 0;
                      }
                      try {
                        Thread.sleep(200);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                    try (var c = pair.connect(pair.node2);
                        var s = c.createStatement()) {
                      s.execute("STOP SLAVE");
                      s.execute("RESET SLAVE ALL");
                      s.execute("SET GLOBAL read_only = OFF");
                      promotedAt.set(System.nanoTime());
                      proxy.pointAt("dr");
                    } catch (java.sql.SQLException e) {
                      throw new IllegalStateException(e);
                    }
                  });
      CliRun run;
      try {
        run = drill("manager", config);
      } finally {
        manager.interrupt();
        manager.join(10_000);
        proxy.pointAt("primary");
      }

      onlyLossMayFail(run, "manager");
      assertThat(promotedAt.get()).as("the test's manager promoted the replica").isPositive();
      JsonNode drill = evidence("manager").at("/pairs/0/drill");
      assertThat(drill.at("/promotion").asText())
          .isEqualTo("external: test watcher (3 pings, 200 ms apart)");
      assertThat(drill.at("/steps").size()).as("art32 ran no promotion step").isZero();
      assertThat(names(drill.get("timeline")))
          .contains("promotion seen", "first commit through the endpoint")
          .containsAnyOf(
              "replica's SQL thread stopped",
              "replica's replication reset",
              "replica's read_only off");
      JsonNode detection = drill.at("/rto/phases/0");
      assertThat(detection.get("name").asText()).isEqualTo("detection");
      assertThat(detection.get("durationMs").asDouble())
          .as("the manager waits 200 ms twice after its first failed ping")
          .isGreaterThanOrEqualTo(400);
      assertThat(names(drill.at("/rto/phases"))).contains("promotion", "rerouting");
      assertThat(drill.at("/rto/ms").asDouble())
          .isGreaterThanOrEqualTo(drill.at("/rto/databaseMs").asDouble())
          .isGreaterThanOrEqualTo(detection.get("durationMs").asDouble());
      assertThat(drill.at("/rto/detectTimeoutMs").asDouble()).isEqualTo(30_000);
      JsonNode findings = evidence("manager").at("/pairs/0/findings");
      assertThat(status(findings, "DRILL-RTO")).isEqualTo("PASS");
      assertThat(observed(findings, "DRILL-RTO"))
          .contains("the failover manager was seen promoting");
      pair.assertHealthy(pair.node1, pair.node2);
    }
  }

  /** No manager acts: the drill says so after detectTimeout, fails, and puts the pair back. */
  @Test
  void aManagerThatNeverPromotesFailsTheDrillAfterDetectTimeout() throws Exception {
    Path config =
        pair.config(
            "nomanager", "      promotion: external\n      detectTimeout: 2s\n      fault: stop\n");
    CliRun run = drill("nomanager", config);

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    JsonNode drill = evidence("nomanager").at("/pairs/0/drill");
    assertThat(drill.at("/rto/ms").isNull()).isTrue();
    assertThat(names(drill.get("timeline"))).contains("no promotion within detectTimeout");
    JsonNode findings = evidence("nomanager").at("/pairs/0/findings");
    assertThat(status(findings, "DRILL-RTO")).isEqualTo("FAIL");
    assertThat(observed(findings, "DRILL-RTO"))
        .contains("did not promote the replica within detectTimeout (2000 ms)");
    assertThat(status(findings, "DRILL-FAILBACK")).isEqualTo("PASS");
    pair.assertHealthy(pair.node1, pair.node2);
  }

  /**
   * A real failover manager acting on its own: MHA 0.58's masterha_manager monitors the pair, the
   * drill kills the primary and only watches. MHA decides after three failed pings a second apart,
   * salvages the dead primary's binlog over ssh and promotes the replica; art32 times its
   * detection, which cannot be shorter than MHA's two waits between pings.
   */
  @Test
  @Timeout(400)
  void mhaPromotesOnItsOwnAndItsDetectionIsMeasured() throws Exception {
    assumeTrue(
        !TestServer.mysql(),
        "MHA runs against the MariaDB sandboxes here (by file and position: MHA finds no GTID mode on"
            + " MariaDB); MySQL pairs are not tried with it");
    String missing = Mha.missing();
    assumeTrue(missing == null, missing);
    try (Mha mha =
        Mha.prepare(
            root.resolve("mha"),
            pair.node1,
            pair.node2,
            pair.password(),
            pair.replicationPassword())) {
      mha.startManager();
      Path config =
          pair.config(
              "mha",
              "      fault: kill\n"
                  + "      promotion: external\n"
                  + "      detectTimeout: 120s\n"
                  + "      manager: MHA 0.58 masterha_manager\n");
      CliRun run = drill("mha", config);

      assertThat(run.exitCode()).as(run.out() + run.err() + mha.log()).isZero();
      assertThat(mha.log())
          .as("MHA itself promoted the replica")
          .contains(
              "Master failover to 127.0.0.1(127.0.0.1:"
                  + pair.node2.port()
                  + ") completed successfully");
      JsonNode drill = evidence("mha").at("/pairs/0/drill");
      assertThat(drill.at("/promotion").asText()).isEqualTo("external: MHA 0.58 masterha_manager");
      assertThat(names(drill.get("timeline")))
          .contains("promotion seen")
          .containsAnyOf(
              "replica's SQL thread stopped",
              "replica's replication reset",
              "replica's read_only off");
      JsonNode detection = drill.at("/rto/phases/0");
      assertThat(detection.get("name").asText()).isEqualTo("detection");
      assertThat(detection.get("durationMs").asDouble())
          .as("three failed pings one second apart")
          .isGreaterThanOrEqualTo(2000);
      assertThat(drill.at("/rto/ms").asDouble())
          .isGreaterThanOrEqualTo(detection.get("durationMs").asDouble());
      assertThat(drill.at("/failback/healthy").asBoolean()).isTrue();
      pair.assertHealthy(pair.node1, pair.node2);
    }
  }
}
