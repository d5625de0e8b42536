package eu.art32.consistency;

import eu.art32.server.ServerBinaries;
import eu.art32.Shell;
import eu.art32.config.Art32Config;
import eu.art32.config.ConfigLoader;
import eu.art32.config.ConsistencyConfig;
import eu.art32.config.PairConfig;
import eu.art32.evidence.ConsistencyEvidence;
import eu.art32.rules.Resources;
import eu.art32.rules.RuleBook;
import eu.art32.sandbox.Sandbox;
import eu.art32.topology.Dialect;
import eu.art32.topology.NodeConnector;
import eu.art32.topology.TopologyProbe;
import eu.art32.topology.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * art32's consistency check on a 1,000,000-row table of a sandbox pair, against pt-table-checksum
 * (percona-toolkit) on the same table in the same run, and against CHECKSUM TABLE on both nodes at
 * once (one scan per node, the floor). See bench/README.md.
 */
public final class ConsistencyBench {
  private static final NodeConnector CONNECTOR =
      new NodeConnector(Duration.ofSeconds(5), Duration.ofMinutes(5));
  private static final int ROWS = 1_000_000;

  /** One server's figures, in seconds for the whole table. */
  private record Figures(
      String server, double floor, double ptDefault, double ptTuned, double art32) {}

  /**
   * bench/run consistency [ROWS] [--server S]...: each named server in turn (default MariaDB 11.4
   * and MySQL 8.0, pt-table-checksum's home ground), then the figures side by side.
   */
  public static void main(String[] args) throws Exception {
    int rows = ROWS;
    List<eu.art32.server.ServerKind> servers = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--server") && i + 1 < args.length) {
        servers.add(eu.art32.server.ServerKind.of(args[++i]));
      } else {
        rows = Integer.parseInt(args[i]);
      }
    }
    if (servers.isEmpty()) {
      servers =
          List.of(eu.art32.server.ServerKind.MARIADB_11_4, eu.art32.server.ServerKind.MYSQL_8_0);
    }
    List<Figures> all = new ArrayList<>();
    for (eu.art32.server.ServerKind server : servers) {
      all.add(measure(server, rows));
    }
    System.out.printf(
        "%nconsistency   %-14s %12s %12s %12s %12s %8s %8s%n",
        "server", "floor rows/s", "pt rows/s", "pt tuned", "art32", "x floor", "x pt");
    for (Figures f : all) {
      System.out.printf(
          "consistency   %-14s %,12.0f %,12.0f %,12.0f %,12.0f %8.2f %8.2f%n",
          f.server(), rows / f.floor(), rows / f.ptDefault(), rows / f.ptTuned(),
          rows / f.art32(), f.floor() / f.art32(), f.ptDefault() / f.art32());
    }
    System.out.println(
        "consistency   goals: >= 0.8 x the CHECKSUM TABLE floor and >= 3 x pt-table-checksum's"
            + " default rows/s, on each server");
  }

  private static Figures measure(eu.art32.server.ServerKind server, int rows) throws Exception {
    Path dir = Files.createTempDirectory("art32-bench");
    Sandbox sandbox = new Sandbox(dir.resolve("sandbox"), ServerBinaries.defaultCache(), server);
    System.out.println("bench: starting a " + server.label() + " sandbox pair in " + sandbox.dir());
    sandbox.up();
    try {
      RuleBook book = RuleBook.load(new Resources("rules", null));
      Art32Config config =
          new ConfigLoader(System.getenv(), book.defaults()).load(sandbox.configFile());
      PairConfig pair = config.pairs().get(0);
      fill(pair, rows);
      scanBoth(pair, "SELECT COUNT(*) FROM bench.sbtest");
      double checksumTable = median(3, () -> scanBoth(pair, "CHECKSUM TABLE bench.sbtest"));
      report("CHECKSUM TABLE, both nodes at once (one scan each, the floor)", rows, checksumTable);
      Path dsn = ptAccount(pair, sandbox.dir());
      double ptDefault = median(3, () -> ptTableChecksum(pair, dsn, List.of()));
      report("pt-table-checksum, default chunking (--chunk-time 0.5)", rows, ptDefault);
      double ptTuned =
          median(3, () -> ptTableChecksum(pair, dsn, List.of("--chunk-size=20000", "--chunk-time=0")));
      report("pt-table-checksum --chunk-size 20000 --chunk-time 0", rows, ptTuned);
      double art32 = median(3, () -> art32(pair));
      report("art32 consistency check (default chunking, both nodes in parallel)", rows, art32);
      System.out.printf(
          "consistency   %s: art32 rows/s = %.2f x pt-table-checksum default (goal >= 3: %s), %.2f x"
              + " pt tuned, %.2f x the CHECKSUM TABLE floor (goal >= 0.8: %s)%n",
          server.label(), ptDefault / art32, ptDefault / art32 >= 3 ? "met" : "NOT met",
          ptTuned / art32, checksumTable / art32, checksumTable / art32 >= 0.8 ? "met" : "NOT met");
      return new Figures(server.label(), checksumTable, ptDefault, ptTuned, art32);
    } finally {
      sandbox.down(false);
    }
  }

  private interface Timed {
    double seconds() throws Exception;
  }

  private static double median(int runs, Timed timed) throws Exception {
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      values.add(timed.seconds());
    }
    Collections.sort(values);
    return values.get(values.size() / 2);
  }

  private static void report(String what, int rows, double seconds) {
    System.out.printf(
        "consistency   %-68s %6.2f s  %,10.0f rows/s%n", what, seconds, rows / seconds);
  }

  private static void fill(PairConfig pair, int rows) throws Exception {
    long start = System.nanoTime();
    try (Connection c = CONNECTOR.connect("primary", pair.primary());
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE bench");
      s.execute("USE bench");
      s.execute(
          "CREATE TABLE bench.sbtest (id INT NOT NULL PRIMARY KEY, k INT NOT NULL, c CHAR(120)"
              + " NOT NULL, pad CHAR(60) NOT NULL, KEY k (k)) ENGINE=InnoDB");
      Dialect dialect = Dialect.of(single(s, "SELECT VERSION()"));
      boolean mysql = dialect instanceof eu.art32.topology.MySqlDialect;
      if (mysql) {
        // no Sequence engine: 100,000 numbers from five joined digit tables, per session
        // a temporary table cannot appear twice in one query, so the digits are a real table
        s.execute("CREATE TABLE bench.digits (d INT PRIMARY KEY)");
        s.execute("INSERT INTO bench.digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)");
        s.execute("CREATE TEMPORARY TABLE bench.numbers (n INT PRIMARY KEY)");
        s.execute(
            "INSERT INTO bench.numbers SELECT a.d + 10 * b.d + 100 * c.d + 1000 * d.d + 10000 * e.d"
                + " FROM bench.digits a, bench.digits b, bench.digits c, bench.digits d,"
                + " bench.digits e");
      }
      for (int from = 1; from <= rows; from += 100_000) {
        int to = Math.min(rows, from + 99_999);
        String source =
            mysql
                ? "(SELECT n + " + from + " AS seq FROM bench.numbers WHERE n + " + from + " <= "
                    + to + ") s"
                : "seq_" + from + "_to_" + to;
        s.execute(
            "INSERT INTO bench.sbtest SELECT seq, FLOOR(RAND(seq) * "
                + rows
                + "), REPEAT(MD5(seq), 3), LEFT(SHA1(seq), 60) FROM "
                + source);
      }
      if (mysql) {
        s.execute("DROP TABLE bench.digits");
      }
      String gtids = single(s, dialect.executedGtidsSql());
      try (Connection r = CONNECTOR.connect("replica", pair.replica());
          java.sql.PreparedStatement wait = r.prepareStatement(dialect.waitForGtidsSql())) {
        wait.setString(1, gtids);
        wait.setInt(2, 600);
        wait.executeQuery().close();
      }
    }
    System.out.printf(
        "consistency   table bench.sbtest (id PK, k int, c char(120), pad char(60)): %,d rows"
            + " written and replicated in %.1f s%n",
        rows, (System.nanoTime() - start) / 1e9);
  }

  private static String single(Statement s, String sql) throws java.sql.SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /**
   * An option file for pt-table-checksum. Its Perl driver cannot log in with MySQL 8.0's
   * caching_sha2_password, so on MySQL a mysql_native_password account is made for it; on MariaDB
   * the sandbox's own account serves.
   */
  private static Path ptAccount(PairConfig pair, Path dir) throws Exception {
    try (Connection c = CONNECTOR.connect("primary", pair.primary());
        Statement s = c.createStatement()) {
      if (!(Dialect.of(single(s, "SELECT VERSION()")) instanceof eu.art32.topology.MySqlDialect)) {
        return dir.resolve("client.cnf");
      }
      boolean native8 = single(s, "SELECT VERSION()").startsWith("8");
      s.execute(
          "CREATE USER 'pt'@'127.0.0.1' IDENTIFIED "
              + (native8 ? "WITH mysql_native_password " : "")
              + "BY 'pt-bench-only'");
      s.execute("GRANT ALL PRIVILEGES ON *.* TO 'pt'@'127.0.0.1'");
    }
    Path file = dir.resolve("pt.cnf");
    Files.writeString(file, "[client]\nuser=pt\npassword=pt-bench-only\n");
    return file;
  }

  private static double scanBoth(PairConfig pair, String sql) throws Exception {
    long start = System.nanoTime();
    CompletableFuture<Void> replica = CompletableFuture.runAsync(() -> run(pair, Role.REPLICA, sql));
    run(pair, Role.PRIMARY, sql);
    replica.join();
    return (System.nanoTime() - start) / 1e9;
  }

  private static void run(PairConfig pair, Role role, String sql) {
    try (Connection c =
            CONNECTOR.connect(role.label(), role == Role.PRIMARY ? pair.primary() : pair.replica());
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double ptTableChecksum(PairConfig pair, Path optionFile, List<String> extra)
      throws Exception {
    List<String> argv = new ArrayList<>(List.of(
        "pt-table-checksum",
        "--no-check-binlog-format",
        "--recursion-method=hosts",
        "--no-version-check",
        "--databases=bench",
        "--tables=sbtest"));
    argv.addAll(extra);
    argv.add("F=" + optionFile + ",h=" + pair.primary().host() + ",P=" + pair.primary().port());
    long start = System.nanoTime();
    Shell.Result result = Shell.run(argv, Duration.ofMinutes(10), Map.of());
    double seconds = (System.nanoTime() - start) / 1e9;
    String out = result.output();
    if (!out.contains("bench.sbtest") || !out.matches("(?s).*\\n\\S+\\s+0\\s+0\\s+\\d+.*")) {
      throw new IllegalStateException("pt-table-checksum did not report a clean run:\n" + out);
    }
    return seconds;
  }

  private static double art32(PairConfig pair) throws Exception {
    var probe = new TopologyProbe(CONNECTOR);
    var primary = probe.snapshot(pair.name(), Role.PRIMARY, pair.primary());
    var replica = probe.snapshot(pair.name(), Role.REPLICA, pair.replica());
    var consistency =
        new ConsistencyConfig(
            true,
            List.of("bench.sbtest"),
            List.of(),
            ConsistencyConfig.DEFAULTS.chunkRows(),
            ConsistencyConfig.DEFAULTS.maxQps(),
            ConsistencyConfig.DEFAULTS.smallTableRows(),
            ConsistencyConfig.DEFAULTS.lockWaitTimeout(),
            ConsistencyConfig.DEFAULTS.chunkTime());
    var checks = pair.checks();
    var configured =
        new PairConfig(pair.name(), pair.environment(), pair.tags(), pair.primary(), pair.replica(),
            pair.objectives(), pair.mirror(), pair.runbook(), pair.drill(),
            checks.withConsistency(consistency));
    RuleBook book = RuleBook.load(new Resources("rules", null));
    long start = System.nanoTime();
    ConsistencyAudit.Result result =
        new ConsistencyAudit(book, CONNECTOR).run(configured, primary, replica);
    double seconds = (System.nanoTime() - start) / 1e9;
    ConsistencyEvidence.Table table = result.evidence().tables().get(0);
    if (!table.status().equals("MATCH") || table.rowsPrimary() == 0 || !table.samePosition()) {
      throw new IllegalStateException("art32 did not report a clean comparison: " + table);
    }
    return seconds;
  }
}
