package eu.art32.drill;

import eu.art32.server.ServerBinaries;
import eu.art32.config.Art32Config;
import eu.art32.evidence.DrillEvidence;
import eu.art32.config.ConfigLoader;
import eu.art32.config.NodeConfig;
import eu.art32.config.PairConfig;
import eu.art32.config.Secret;
import eu.art32.rules.Resources;
import eu.art32.rules.RuleBook;
import eu.art32.sandbox.Sandbox;
import eu.art32.topology.NodeConnector;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The drill's benchmarks on a real sandbox pair; see bench/README.md. */
public final class DrillBench {
  private static final NodeConnector CONNECTOR =
      new NodeConnector(Duration.ofSeconds(2), Duration.ofSeconds(20));

  private static eu.art32.server.ServerKind server = eu.art32.server.ServerKind.DEFAULT;

  /** bench/run drill [--server mariadb-11.4|mariadb-10.11|mysql-5.7|mysql-8.0] */
  public static void main(String[] args) throws Exception {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--server")) {
        server = eu.art32.server.ServerKind.of(args[i + 1]);
      }
    }
    Path dir = Files.createTempDirectory("art32-bench");
    Sandbox sandbox = new Sandbox(dir.resolve("sandbox"), ServerBinaries.defaultCache(), server);
    System.out.println("bench: starting a " + server.label() + " sandbox pair in " + sandbox.dir());
    sandbox.up();
    try {
      RuleBook book = RuleBook.load(new Resources("rules", null));
      Art32Config config = new ConfigLoader(System.getenv(), book.defaults()).load(sandbox.configFile());
      PairConfig pair = config.pairs().get(0);
      canaryRate(pair);
      detection(pair);
      drillWallTime(config, pair, book, dir);
    } finally {
      sandbox.down(false);
    }
  }

  /** Canary commits/s against a plain autocommit INSERT loop on the same node. */
  private static void canaryRate(PairConfig pair) throws Exception {
    DrillNode primary = new DrillNode("primary", pair.primary(), CONNECTOR);
    Secret password = new Secret("BenchCanary-" + System.nanoTime(), "bench");
    primary.execute(CanaryLoad.setupSql("bench_canary", List.of("127.0.0.1"), password.reveal()).toArray(String[]::new));
    primary.execute("CREATE TABLE bench_canary.plain (seq BIGINT PRIMARY KEY, writer INT NOT NULL, drill VARCHAR(40) NOT NULL)");
    NodeConfig canaryNode = new NodeConfig(pair.primary().host(), pair.primary().port(), CanaryLoad.USER, password, pair.primary().tls(), pair.primary().caFile(), pair.primary().site());
    double baseline = plainRate(canaryNode, 5_000);
    System.out.printf("canary rate   baseline (plain JDBC INSERT loop, 1 connection): %8.0f commits/s%n", baseline);
    for (int connections : new int[] {1, 4}) {
      double rate = canaryRate(pair, password, connections, 5_000);
      System.out.printf("canary rate   art32 canary, %d connection(s):               %8.0f commits/s  ratio %.2f of baseline  (goal >= 500/s: %s)%n",
          connections, rate, rate / baseline, rate >= 500 ? "met" : "NOT met");
      primary.execute("DELETE FROM bench_canary.canary");
    }
    primary.execute(CanaryLoad.cleanupSql("bench_canary", List.of("127.0.0.1")).toArray(String[]::new));
  }

  private static double plainRate(NodeConfig node, long millis) throws Exception {
    try (Connection c = CONNECTOR.connect("bench", node);
        PreparedStatement ps = c.prepareStatement("INSERT INTO bench_canary.plain (seq, writer, drill) VALUES (?, 1, 'bench')")) {
      long end = System.nanoTime() + millis * 1_000_000;
      long n = 0;
      long start = System.nanoTime();
      while (System.nanoTime() < end) {
        ps.setLong(1, ++n);
        ps.executeUpdate();
      }
      return n / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static double canaryRate(PairConfig pair, Secret password, int connections, long millis) throws Exception {
    CanaryLoad canary = new CanaryLoad("bench", "bench_canary", pair.primary(), pair.replica(), password, CONNECTOR, connections, false, null);
    long start = System.nanoTime();
    canary.start();
    Thread.sleep(millis);
    long acked = canary.ackedOnPrimary();
    double seconds = (System.nanoTime() - start) / 1e9;
    canary.stop();
    return acked / seconds;
  }

  /**
   * How long after the promoted node starts accepting writes the canary records its first commit:
   * read_only goes OFF on the (read-only) replica while the canary retries there every millisecond.
   */
  private static void detection(PairConfig pair) throws Exception {
    DrillNode primary = new DrillNode("primary", pair.primary(), CONNECTOR);
    DrillNode replica = new DrillNode("replica", pair.replica(), CONNECTOR);
    Secret password = new Secret("BenchCanary-" + System.nanoTime(), "bench");
    primary.execute(CanaryLoad.setupSql("bench_detect", List.of("127.0.0.1"), password.reveal()).toArray(String[]::new));
    replica.awaitGtids(primary.executedGtids(), Duration.ofSeconds(10));
    replica.execute(replica.dialect().stopReplicaSql());
    List<Double> lags = new ArrayList<>();
    List<Double> commits = new ArrayList<>();
    NodeConfig canaryOnReplica = new NodeConfig(pair.replica().host(), pair.replica().port(), CanaryLoad.USER, password, pair.replica().tls(), pair.replica().caFile(), pair.replica().site());
    try (Connection admin = CONNECTOR.connect("replica", pair.replica());
        Statement s = admin.createStatement()) {
      for (int i = 0; i < 20; i++) {
        s.execute("SET GLOBAL read_only = ON");
        for (String sql : replica.dialect().adminWritableSql()) {
          s.execute(sql); // MySQL: super_read_only off, so the admin may clean up; the canary may not
        }
        s.execute("DELETE FROM bench_detect.canary");
        CanaryLoad canary = new CanaryLoad("bench" + i, "bench_detect", pair.replica(), pair.replica(), password, CONNECTOR, 1, false, null);
        canary.start();
        canary.abandonPrimary();
        canary.switchToPromoted();
        Thread.sleep(200);
        if (i == 0) {
          long a0 = canary.promotedAttempts();
          Thread.sleep(300);
          System.out.printf("detection     the canary knocks every %.3f ms while the node refuses writes%n", 300.0 / (canary.promotedAttempts() - a0));
        }
        s.execute("SET GLOBAL read_only = OFF");
        long opened = System.nanoTime();
        long first = canary.awaitFirstPromotedCommit(5_000);
        canary.stop();
        lags.add((first - opened) / 1e6);
      }
      s.execute("SET GLOBAL read_only = ON");
      try (Connection c = CONNECTOR.connect("bench", canaryOnReplica)) {
        s.execute("SET GLOBAL read_only = OFF");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_detect.canary (seq, writer, drill) VALUES (?, 9, 'rt')")) {
          for (int i = 0; i < 200; i++) {
            long t = System.nanoTime();
            ps.setLong(1, 1_000_000 + i);
            ps.executeUpdate();
            commits.add((System.nanoTime() - t) / 1e6);
          }
        }
        s.execute("SET GLOBAL read_only = ON");
      }
    }
    Collections.sort(lags);
    Collections.sort(commits);
    double commit = commits.get(commits.size() / 2);
    System.out.printf("detection     baseline: one commit round trip on the promoted node, median %.3f ms%n", commit);
    System.out.printf("detection     read_only OFF returned -> first canary commit recorded: median %.3f ms, max %.3f ms (20 samples)  ratio %.1f x commit  (goal <= 5 ms: %s)%n",
        lags.get(lags.size() / 2), lags.get(lags.size() - 1), lags.get(lags.size() / 2) / commit, lags.get(lags.size() - 1) <= 5 ? "met" : "NOT met");
    replica.execute("SET SESSION sql_log_bin = 0");
  }

  /**
   * Kill drills through a real HAProxy in front of the pair, whose runbook's last step switches the
   * proxy's backend through its runtime API: the endpoint RTO against the database's own RTO (the
   * promoted node's first direct write) measured in the same drill, and the rerouting phase.
   */
  private static void endpointDrills(Sandbox sandbox, PairConfig p, RuleBook book, Path dir) throws Exception {
    int found = new ProcessBuilder("sh", "-c", "command -v haproxy && command -v socat")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    if (found != 0) {
      System.out.println("endpoint      skipped: haproxy and socat are not installed");
      return;
    }
    Path hap = Files.createDirectories(dir.resolve("haproxy"));
    int port;
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path sock = hap.resolve("admin.sock");
    Files.writeString(hap.resolve("haproxy.cfg"),
        "global\n  stats socket " + sock + " mode 600 level admin\n"
            + "defaults\n  mode tcp\n  timeout connect 2s\n  timeout client 1m\n  timeout server 1m\n"
            + "frontend app\n  bind 127.0.0.1:" + port + "\n  default_backend db\n"
            + "backend db\n  server primary 127.0.0.1:" + p.primary().port() + "\n"
            + "  server dr 127.0.0.1:" + p.replica().port() + " disabled\n");
    Process proxy = new ProcessBuilder("haproxy", "-db", "-f", hap.resolve("haproxy.cfg").toString())
        .redirectErrorStream(true).redirectOutput(hap.resolve("haproxy.log").toFile()).start();
    try {
      while (!Files.exists(sock)) {
        Thread.sleep(50);
      }
      String say = "' | socat stdio UNIX-CONNECT:" + sock;
      String toDr = "echo 'enable server db/dr" + say + " && echo 'disable server db/primary" + say + " && echo 'shutdown sessions server db/primary" + say;
      String back = "echo 'enable server db/primary" + say + " && echo 'disable server db/dr" + say + " && echo 'shutdown sessions server db/dr" + say;
      String yaml = Files.readString(sandbox.configFile()).replace(
          "    drill:\n",
          "    runbook:\n"
              + "      - {name: stop replication, sql: STOP SLAVE, on: replica}\n"
              + "      - {name: open for writes, sql: SET GLOBAL read_only = OFF, on: replica}\n"
              + "      - name: point the application at the DR node\n        command: \"" + toDr.replace("\"", "\\\"") + "\"\n"
              + "    drill:\n      promotion: runbook\n      endpoint: {host: 127.0.0.1, port: " + port + "}\n");
      Path file = sandbox.dir().resolve("art32-endpoint.yaml");
      Files.writeString(file, yaml);
      PairConfig ep = new ConfigLoader(System.getenv(), book.defaults()).load(file).pairs().get(0);
      for (int i = 1; i <= 3; i++) {
        DrillOutcome outcome = new Drill(Clock.systemUTC(), new PrintWriter(java.io.Writer.nullWriter()), dir.resolve("drills")).run(ep, book, file.toString());
        new ProcessBuilder("sh", "-c", back).start().waitFor();
        var rto = outcome.evidence().rto();
        double rerouting = rto.phases().stream().filter(ph -> ph.name().equals("rerouting")).mapToDouble(DrillEvidence.Phase::durationMs).findFirst().orElse(Double.NaN);
        System.out.printf("endpoint      run %d: RTO through HAProxy %s ms, the promoted node's own (baseline, same drill) %s ms, rerouting %.3f ms  ratio %.2f x database RTO  (failback healthy %s)%n",
            i, rto.ms(), rto.databaseMs(), rerouting, rto.ms() == null || rto.databaseMs() == null ? Double.NaN : rto.ms() / rto.databaseMs(), outcome.evidence().failback().healthy());
      }
    } finally {
      proxy.destroy();
    }
  }

  /** A whole kill drill with failback, against an audit of the same pair. */
  private static void drillWallTime(Art32Config config, PairConfig pair, RuleBook book, Path dir) throws Exception {
    // the detection benchmark left errant writes on the replica: rebuild the sandbox first
    Sandbox fresh = new Sandbox(dir.resolve("sandbox2"), ServerBinaries.defaultCache(), server);
    fresh.up();
    try {
      Art32Config c = new ConfigLoader(System.getenv(), book.defaults()).load(fresh.configFile());
      PairConfig p = c.pairs().get(0);
      long auditStart = System.nanoTime();
      new eu.art32.audit.Auditor(new eu.art32.topology.TopologyProbe(NodeConnector.defaults()), Clock.systemUTC())
          .run(eu.art32.audit.AuditRequest.of(c, null, dir.resolve("audit"), book, new Resources("templates", null), "bench", Map.of(), c.geoip(), eu.art32.report.OutputOptions.DEFAULT, false));
      double audit = (System.nanoTime() - auditStart) / 1e9;
      System.out.printf("drill time    baseline: art32 audit of the pair (with reports) %.2f s%n", audit);
      for (int i = 1; i <= 3; i++) {
        long start = System.nanoTime();
        DrillOutcome outcome = new Drill(Clock.systemUTC(), new PrintWriter(java.io.Writer.nullWriter()), dir.resolve("drills")).run(p, book, c.file().toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        var d = outcome.evidence();
        System.out.printf("drill time    run %d: %.2f s (%.1f x audit; warm-up %d ms, RTO %s ms, failback healthy %s, lost %d)%n",
            i, seconds, seconds / audit, p.drill().warmup().toMillis(), d.rto().ms(), d.failback().healthy(), d.rpo().lost());
      }
      endpointDrills(fresh, p, book, dir);
    } finally {
      fresh.down(false);
    }
  }
}
