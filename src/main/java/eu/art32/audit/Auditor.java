package eu.art32.audit;

import eu.art32.Art32Exception;
import eu.art32.EnvironmentException;
import eu.art32.Version;
import eu.art32.backup.BackupVerification;
import eu.art32.config.ConfigPrinter;
import eu.art32.config.GeoIpConfig;
import eu.art32.config.NodeConfig;
import eu.art32.config.PairConfig;
import eu.art32.consistency.ConsistencyAudit;
import eu.art32.drill.DrillOutcome;
import eu.art32.evidence.Area;
import eu.art32.evidence.BackupEvidence;
import eu.art32.evidence.ConsistencyEvidence;
import eu.art32.evidence.EvidenceJson;
import eu.art32.evidence.Finding;
import eu.art32.evidence.LagEvidence;
import eu.art32.evidence.NodeEvidence;
import eu.art32.evidence.PairEvidence;
import eu.art32.evidence.RunEvidence;
import eu.art32.evidence.Severity;
import eu.art32.evidence.Status;
import eu.art32.latency.LatencyAudit;
import eu.art32.mirror.MirrorAudit;
import eu.art32.report.ReportFiles;
import eu.art32.report.ReportWriter;
import eu.art32.residency.GeoDatabases;
import eu.art32.residency.ResidencyAudit;
import eu.art32.rules.ReplicationAudit;
import eu.art32.sandbox.Sandbox;
import eu.art32.topology.NodeSnapshot;
import eu.art32.topology.Role;
import eu.art32.topology.TopologyProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs an audit: reads both nodes of each selected pair, judges them against the rules, lists every
 * objective area it did not measure as NOT_ASSESSED, and writes evidence and reports. A pair that
 * cannot be read is recorded with its error and the run goes on.
 */
public final class Auditor {
  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** Areas this version measures in an audit; every other area is listed as not assessed. */
  private static final Map<String, String> NOT_MEASURED =
      Map.of(
          "rpo",
              "no failover drill was part of this run, so no transactions-lost figure exists; an audit does not inject faults",
          "rto",
              "no failover drill was part of this run, so no fault-to-first-write time exists; an audit does not inject faults",
          "drill",
              "no failover drill was part of this run; run art32 drill on a staging pair to test restore",
          "backups",
              "no backup source is configured for this pair (backup: in art32.yaml), so no backup"
                  + " was restored");

  private final TopologyProbe probe;
  private final Clock clock;

  public Auditor(TopologyProbe probe, Clock clock) {
    this.probe = probe;
    this.clock = clock;
  }

  public AuditResult run(AuditRequest request) {
    Instant started = clock.instant();
    String runId =
        RUN_ID.format(started)
            + "-"
            + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    List<PairEvidence> pairs = new ArrayList<>();
    GeoIpConfig geoip = request.geoip() == null ? new GeoIpConfig(null, null) : request.geoip();
    List<PairConfig> selected = request.config().select(request.pair());
    try (GeoDatabases geo = GeoDatabases.open(geoip.database(), geoip.asnDatabase())) {
      for (PairConfig pair : selected) {
        pairs.add(audit(pair, request, geo));
      }
    } catch (IOException e) {
      throw new EnvironmentException("cannot close the geo-IP databases: " + e.getMessage(), e);
    }
    RunEvidence evidence =
        new RunEvidence(
            RunEvidence.SCHEMA,
            "art32",
            Version.tool(),
            request.rules().version(),
            runId,
            request.command(),
            request.config().operator(),
            started,
            clock.instant(),
            request.config().file().toString(),
            EvidenceJson.sha256(ConfigPrinter.print(request.config())),
            request.rules().areas(),
            pairs);
    try {
      Files.createDirectories(request.outDir());
      ReportFiles files =
          new ReportWriter(request.templates(), request.output()).write(evidence, request.outDir());
      return new AuditResult(evidence, files, request.output().gate());
    } catch (IOException e) {
      throw new EnvironmentException(
          "cannot write reports to " + request.outDir() + ": " + e.getMessage(), e);
    }
  }

  private PairEvidence audit(PairConfig pair, AuditRequest request, GeoDatabases geo) {
    ReplicationAudit replication = new ReplicationAudit(request.rules());
    List<Finding> findings = new ArrayList<>();
    List<NodeEvidence> nodes = new ArrayList<>();
    String error = null;
    DrillOutcome drill = request.drills().get(pair.name());
    NodeSnapshot primary = null;
    NodeSnapshot replica = null;
    try {
      primary = probe.snapshot(pair.name(), Role.PRIMARY, pair.primary());
      replica = probe.snapshot(pair.name(), Role.REPLICA, pair.replica());
      nodes.add(node(primary, pair.primary()));
      nodes.add(node(replica, pair.replica()));
      findings.addAll(replication.evaluate(primary, replica));
    } catch (Art32Exception e) {
      error = e.getMessage();
      nodes.clear();
      nodes.add(unread(Role.PRIMARY, pair.primary()));
      nodes.add(unread(Role.REPLICA, pair.replica()));
      findings.addAll(replication.notAssessed(error));
    }
    if (drill != null) {
      findings.addAll(drill.findings());
    }
    if (error != null) {
      primary = null;
      replica = null;
    }
    ConsistencyAudit consistencyAudit = new ConsistencyAudit(request.rules(), probe.connector());
    HeartbeatRun heartbeat = HeartbeatRun.start(pair, primary, replica, probe.connector());
    LatencyAudit.Result latency;
    ResidencyAudit.Result residency;
    MirrorAudit.Result mirror;
    ConsistencyEvidence consistency = null;
    LagEvidence lag;
    try {
      latency =
          new LatencyAudit(request.rules()).run(pair, drill == null ? null : drill.evidence());
      findings.add(latency.finding());
      residency = new ResidencyAudit(request.rules(), geo, clock).run(pair, latency.primaryToDr());
      findings.addAll(residency.findings());
      mirror = new MirrorAudit(request.rules(), request.rules().mirror(), request.deep()).run(pair);
      findings.addAll(mirror.findings());
      if (primary != null) {
        ConsistencyAudit.Result checked = consistencyAudit.run(pair, primary, replica);
        consistency = checked.evidence();
        findings.addAll(checked.findings());
      } else {
        findings.add(consistencyAudit.notAssessed("the pair could not be read: " + error));
      }
      lag = heartbeat.finish(pair.objectives().lag().toMillis() * 2 + 1000);
    } finally {
      heartbeat.close();
    }
    findings.addAll(consistencyAudit.lagFindings(pair, lag, heartbeat.notRun()));
    BackupEvidence backup = null;
    if (pair.checks().backup() != null) {
      if (primary != null) {
        BackupVerification.Result verified =
            new BackupVerification(
                    request.rules(), probe.connector(), clock, Sandbox.defaultCache())
                .run(pair, pair.checks().backup().node().equals("primary") ? primary : replica);
        backup = verified.evidence();
        findings.addAll(verified.findings());
      } else {
        findings.add(
            new Finding(
                "BACKUP-RESTORE",
                "The backup restores to a server that answers queries",
                "backups",
                Severity.HIGH,
                Status.NOT_ASSESSED,
                "not assessed: the pair could not be read: " + error,
                "prepare succeeds and the restored server answers a query",
                "",
                "",
                request.rules().area("backups").references()));
      }
    }
    java.util.Set<String> judged = new java.util.HashSet<>();
    findings.forEach(f -> judged.add(f.area()));
    for (Area area : request.rules().areas()) {
      String reason =
          drill != null && drill.evidence() == null && Set.of("rpo", "rto").contains(area.id())
              ? "the drill stopped at pre-flight (see the drill findings), so nothing was measured"
              : NOT_MEASURED.get(area.id());
      if (judged.contains(area.id())) {
        continue;
      }
      if (reason != null) {
        findings.add(
            new Finding(
                area.id().toUpperCase(java.util.Locale.ROOT) + "-NOT-MEASURED",
                area.title(),
                area.id(),
                Severity.HIGH,
                Status.NOT_ASSESSED,
                "not assessed: " + reason,
                expectation(area.id(), pair),
                "",
                "",
                area.references()));
      }
    }
    return new PairEvidence(
        pair.name(),
        pair.environment().name().toLowerCase(java.util.Locale.ROOT),
        nodes,
        findings,
        drill == null ? null : drill.evidence(),
        latency.evidence(),
        residency.evidence(),
        mirror.evidence(),
        lag,
        consistency,
        backup,
        error);
  }

  private static String expectation(String area, PairConfig pair) {
    return switch (area) {
      case "rpo" -> "data-loss window <= " + pair.objectives().rpo().toMillis() + " ms";
      case "rto" ->
          "fault to first committed write <= " + pair.objectives().rto().toMillis() + " ms";
      case "latency" ->
          "p"
              + pair.objectives().latencyPercentile()
              + " round trip < "
              + pair.objectives().latency().toMillis()
              + " ms";
      case "residency" -> "primary and DR inside the EEA";
      default -> "see rules/objectives.yaml";
    };
  }

  private static NodeEvidence node(NodeSnapshot snapshot, NodeConfig config) {
    return new NodeEvidence(
        snapshot.role().label(),
        snapshot.address(),
        snapshot.dialect().flavor(),
        snapshot.version(),
        snapshot.serverId(),
        snapshot.dialect().executedGtids(snapshot.variables()),
        snapshot.sessionCipher(),
        config.site());
  }

  private static NodeEvidence unread(Role role, NodeConfig config) {
    return new NodeEvidence(
        role.label(), config.address(), null, null, null, null, null, config.site());
  }
}
