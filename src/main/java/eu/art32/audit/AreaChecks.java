package eu.art32.audit;

import eu.art32.area.AreaCheck;
import eu.art32.backup.BackupVerification;
import eu.art32.consistency.ConsistencyAudit;
import eu.art32.drill.DrillInterval;
import eu.art32.hosts.HostsAudit;
import eu.art32.integrity.History;
import eu.art32.lag.LagAudit;
import eu.art32.latency.LatencyAudit;
import eu.art32.latency.NodeSamples;
import eu.art32.mirror.MirrorAudit;
import eu.art32.path.PathAudit;
import eu.art32.residency.GeoDatabases;
import eu.art32.residency.ResidencyAudit;
import eu.art32.rules.RuleBook;
import eu.art32.semisync.SemiSyncAudit;
import eu.art32.server.ServerBinaries;
import eu.art32.topology.NodeConnector;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The registry of an audit's area checks, keyed by area id (each one of {@link RuleBook#AREAS}), in
 * the order they run. Replication (read with the nodes), RPO and RTO (measured by a drill) are
 * judged by the auditor and the drill themselves. A new area adds its check here.
 */
final class AreaChecks {
  private AreaChecks() {}

  /** What the checks of one run share. */
  record Run(
      RuleBook rules,
      GeoDatabases geo,
      NodeConnector connector,
      Clock clock,
      boolean deep,
      Path historyDir,
      Map<String, History.Point> lastDrills) {}

  static List<AreaCheck> forRun(Run run) {
    RuleBook rules = run.rules();
    return checked(
        List.of(
            new DrillInterval(rules, run.clock(), run.historyDir(), run.lastDrills()),
            new LatencyAudit(rules, new NodeSamples()),
            new ResidencyAudit(rules, run.geo(), run.clock()),
            new PathAudit(rules, run.geo()),
            new MirrorAudit(rules, rules.mirror(), run.deep()),
            new ConsistencyAudit(rules, run.connector()),
            new HostsAudit(rules),
            new LagAudit(rules, run.connector()),
            new SemiSyncAudit(rules, run.connector()),
            new BackupVerification(
                rules, run.connector(), run.clock(), ServerBinaries.defaultCache())));
  }

  /** Each check's area is one art32 knows, and no area has two checks. */
  static List<AreaCheck> checked(List<AreaCheck> checks) {
    Set<String> seen = new HashSet<>();
    for (AreaCheck check : checks) {
      if (!RuleBook.AREAS.contains(check.area())) {
        throw new IllegalStateException(
            check.getClass().getSimpleName() + ": unknown area '" + check.area() + "'");
      }
      if (!seen.add(check.area())) {
        throw new IllegalStateException("two checks for area '" + check.area() + "'");
      }
    }
    return checks;
  }
}
