package eu.art32.consistency;

import eu.art32.config.Art32Config;
import eu.art32.config.ConfigLoader;
import eu.art32.config.ConsistencyConfig;
import eu.art32.config.PairChecks;
import eu.art32.config.PairConfig;
import eu.art32.rules.Resources;
import eu.art32.rules.RuleBook;
import eu.art32.topology.NodeConnector;
import eu.art32.topology.Role;
import eu.art32.topology.TopologyProbe;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;

/**
 * Where the time of one consistency check goes, on a running pair: bench/run profile CONFIG TABLE.
 * Times the whole audit, the audit without the table comparison (errant check, table listing), the
 * two snapshots, and each node's chunk queries on their own (one node at a time, then both at
 * once), so the check's own overhead shows beside the servers' scan time.
 */
public final class ConsistencyProfile {
  private static final NodeConnector CONNECTOR =
      new NodeConnector(Duration.ofSeconds(5), Duration.ofMinutes(5));

  public static void main(String[] args) throws Exception {
    Art32Config config =
        new ConfigLoader(System.getenv(), RuleBook.load(new Resources("rules", null)).defaults())
            .load(Path.of(args[0]));
    String table = args[1];
    int chunkRows = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    PairConfig pair = with(config.pairs().get(0), table, true, chunkRows);
    RuleBook book = RuleBook.load(new Resources("rules", null));
    var probe = new TopologyProbe(CONNECTOR);
    var primary = probe.snapshot(pair.name(), Role.PRIMARY, pair.primary());
    var replica = probe.snapshot(pair.name(), Role.REPLICA, pair.replica());
    for (int run = 0; run < 3; run++) {
      long t0 = System.nanoTime();
      var result = new ConsistencyAudit(book, CONNECTOR).run(pair, primary, replica);
      long t1 = System.nanoTime();
      new ConsistencyAudit(book, CONNECTOR)
          .run(with(pair, table, false, chunkRows), primary, replica);
      long t2 = System.nanoTime();
      var t = result.evidence().tables().get(0);
      System.out.printf(
          "profile  audit %.3f s (%s, %d chunks, %d rows); without the comparison %.3f s%n",
          (t1 - t0) / 1e9, t.status(), t.chunks(), t.rowsPrimary(), (t2 - t1) / 1e9);
    }
    ConsistencyConfig cc = pair.checks().consistency();
    String[] parts = table.split("\\.");
    TableDef def;
    try (Connection c = CONNECTOR.connect("primary", pair.primary())) {
      def = ConsistencyAudit.defineForProfile(c, parts[0], parts[1]);
    }
    System.out.println("profile  row hash: " + def.checksumSql(primary.dialect(), new TableDef.Chunk(0, List.of(1), List.of(2))));
    for (int run = 0; run < 3; run++) {
      try (Snapshot p = new Snapshot(CONNECTOR.connect("p", pair.primary()), primary.dialect(), 0);
          Snapshot r = new Snapshot(CONNECTOR.connect("r", pair.replica()), primary.dialect(), 0)) {
        long a = System.nanoTime();
        p.open(cc.lockWaitTimeout());
        long b = System.nanoTime();
        r.await(p.position(), Duration.ofSeconds(30));
        r.open(cc.lockWaitTimeout());
        long c = System.nanoTime();
        java.math.BigInteger[] bounds = p.bounds(def);
        long d = System.nanoTime();
        List<TableDef.Chunk> chunks = chunks(bounds, cc.chunkRows());
        long pOnly = 0;
        long rOnly = 0;
        for (TableDef.Chunk chunk : chunks) {
          long s = System.nanoTime();
          p.checksum(def, chunk);
          pOnly += System.nanoTime() - s;
          s = System.nanoTime();
          r.checksum(def, chunk);
          rOnly += System.nanoTime() - s;
        }
        System.out.printf(
            "profile  open primary %.3f s, await + open replica %.3f s, bounds %.3f s;"
                + " %d chunks: primary alone %.3f s, replica alone %.3f s%n",
            (b - a) / 1e9, (c - b) / 1e9, (d - c) / 1e9, chunks.size(), pOnly / 1e9, rOnly / 1e9);
      }
    }
  }

  private static List<TableDef.Chunk> chunks(java.math.BigInteger[] bounds, int rows) {
    long min = bounds[0].longValue();
    long max = bounds[1].longValue();
    List<TableDef.Chunk> chunks = new java.util.ArrayList<>();
    List<Object> lower = null;
    for (long upper = min + rows - 1; upper < max; upper += rows) {
      chunks.add(new TableDef.Chunk(chunks.size(), lower, List.of(upper)));
      lower = List.of(upper);
    }
    chunks.add(new TableDef.Chunk(chunks.size(), lower, null));
    return chunks;
  }

  private static PairConfig with(PairConfig pair, String table, boolean enabled, int chunkRows) {
    ConsistencyConfig d = ConsistencyConfig.DEFAULTS;
    var consistency =
        new ConsistencyConfig(
            enabled,
            List.of(table),
            List.of(),
            chunkRows > 0 ? chunkRows : d.chunkRows(),
            d.maxQps(),
            d.smallTableRows(),
            d.lockWaitTimeout(),
            chunkRows > 0 ? java.time.Duration.ZERO : d.chunkTime());
    PairChecks c = pair.checks();
    return new PairConfig(
        pair.name(), pair.environment(), pair.tags(), pair.primary(), pair.replica(),
        pair.objectives(), pair.mirror(), pair.runbook(), pair.drill(),
        c.withConsistency(consistency));
  }
}
