package eu.art32.audit;

import eu.art32.Art32Exception;
import eu.art32.EnvironmentException;
import eu.art32.Version;
import eu.art32.area.AreaCheck;
import eu.art32.area.AreaContext;
import eu.art32.area.AreaResult;
import eu.art32.area.Slots;
import eu.art32.backup.BackupVerification;
import eu.art32.config.ConfigDigest;
import eu.art32.config.GeoIpConfig;
import eu.art32.config.NodeConfig;
import eu.art32.config.PairConfig;
import eu.art32.drill.DrillOutcome;
import eu.art32.evidence.Area;
import eu.art32.evidence.Catalogue;
import eu.art32.evidence.DrillEvidence;
import eu.art32.evidence.EvidenceKind;
import eu.art32.evidence.Finding;
import eu.art32.evidence.NodeEvidence;
import eu.art32.evidence.ObjectivesEvidence;
import eu.art32.evidence.PairEvidence;
import eu.art32.evidence.RunEvidence;
import eu.art32.evidence.Severity;
import eu.art32.evidence.Status;
import eu.art32.evidence.Text;
import eu.art32.integrity.History;
import eu.art32.latency.LatencyAudit;
import eu.art32.report.ReportFiles;
import eu.art32.report.ReportWriter;
import eu.art32.residency.GeoDatabases;
import eu.art32.rules.ReplicationAudit;
import eu.art32.topology.MySqlDialect;
import eu.art32.topology.NodeConnector;
import eu.art32.topology.NodeSnapshot;
import eu.art32.topology.Role;
import eu.art32.topology.TopologyProbe;
import eu.art32.waiver.Waivers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs an audit: reads both nodes of each selected pair, judges them against the rules, lists every
 * objective area it did not measure as NOT_ASSESSED, and writes evidence and reports. A pair that
 * cannot be read is recorded with its error and the run goes on.
 */
public final class Auditor {
  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** Why an area has no figure in an audit without a drill or a backup source. */
  private static final Map<String, Text> NOT_MEASURED =
      Map.of(
          "rpo", Text.of("audit.noDrill.rpo"),
          "rto", Text.of("audit.noDrill.rto"),
          "backups", Text.of("audit.noBackupSource"));

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
    GeoIpConfig geoip = request.geoip() == null ? new GeoIpConfig(null, null) : request.geoip();
    List<PairConfig> selected = request.config().select(request.pair(), request.tags());
    List<PairEvidence> pairs;
    try (GeoDatabases geo = GeoDatabases.open(geoip.database(), geoip.asnDatabase())) {
      pairs = auditAll(selected, request, geo);
    } catch (IOException e) {
      throw new EnvironmentException("cannot close the geo-IP databases: " + e.getMessage(), e);
    }
    Waivers.Applied waived =
        Waivers.apply(pairs, request.waivers(), LocalDate.ofInstant(started, ZoneOffset.UTC));
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
            ConfigDigest.of(request.config()),
            request.rules().areas(),
            waived.pairs(),
            waived.waivers(),
            request.config().controller());
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

  /**
   * Audits the pairs, at most {@code request.parallel()} doing active work at once (see {@link
   * Slots}), and returns their evidence in the config's order. A pair whose audit breaks is
   * recorded with the error; the others go on.
   */
  private List<PairEvidence> auditAll(
      List<PairConfig> selected, AuditRequest request, GeoDatabases geo) {
    int total = selected.size();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    NodeConnector connections = probe.connector().pooled();
    List<AreaCheck> checks =
        AreaChecks.forRun(
            new AreaChecks.Run(
                request.rules(),
                geo,
                connections,
                clock,
                request.deep(),
                request.output().historyDir(),
                request.output().historyDir() == null
                    ? Map.of()
                    : new History(request.output().historyDir()).lastDrills()));
    Slots slots = new Slots(request.parallel());
    TopologyProbe pooled = new TopologyProbe(connections);
    int threads = Math.min(Math.max(1, total), Math.max(request.parallel(), 256));
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads, r -> Thread.ofPlatform().daemon().name("art32-audit", 0).unstarted(r));
    try {
      Map<String, DrillEvidence> drills = new HashMap<>();
      request.drills().forEach((name, drill) -> drills.put(name, drill.evidence()));
      Map<String, CompletableFuture<LatencyAudit.Result>> latency =
          checks.stream()
              .filter(LatencyAudit.class::isInstance)
              .map(LatencyAudit.class::cast)
              .findFirst()
              .orElseThrow()
              .sampleFirst(selected, drills, slots, pool);
      List<Future<PairEvidence>> futures = new ArrayList<>();
      for (PairConfig pair : selected) {
        futures.add(
            pool.submit(
                () -> {
                  long[] start = {System.nanoTime()};
                  AtomicBoolean began = new AtomicBoolean();
                  // reported when the pair gets its first slot, not while it queues for one
                  Runnable started =
                      () -> {
                        began.set(true);
                        start[0] = System.nanoTime();
                        request
                            .progress()
                            .pairStarted(pair.name(), running.incrementAndGet(), total);
                      };
                  PairEvidence evidence;
                  try {
                    evidence =
                        audit(
                            pair,
                            request,
                            pooled,
                            slots,
                            checks,
                            latency.get(pair.name()),
                            started);
                  } catch (RuntimeException e) {
                    evidence = broken(pair, request, e);
                  }
                  if (began.get()) {
                    running.decrementAndGet();
                  }
                  request
                      .progress()
                      .pairFinished(
                          pair.name(),
                          evidence.complete() || evidence.failed()
                              ? evidence.verdict()
                              : Status.NOT_ASSESSED,
                          (System.nanoTime() - start[0]) / 1_000_000,
                          done.incrementAndGet(),
                          total);
                  return evidence;
                }));
      }
      List<PairEvidence> pairs = new ArrayList<>();
      for (Future<PairEvidence> f : futures) {
        pairs.add(f.get());
      }
      return pairs;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EnvironmentException("interrupted while auditing", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
      connections.close();
    }
  }

  /** A pair whose audit broke on something unexpected: recorded, so the fleet run goes on. */
  private PairEvidence broken(PairConfig pair, AuditRequest request, RuntimeException e) {
    String error =
        (e instanceof Art32Exception
                ? ""
                : "internal error: " + e.getClass().getSimpleName() + ": ")
            + Art32Exception.firstLine(e.getMessage());
    return new PairEvidence(
        pair.name(),
        pair.environment().name().toLowerCase(Locale.ROOT),
        List.of(unread(Role.PRIMARY, pair.primary()), unread(Role.REPLICA, pair.replica())),
        new ReplicationAudit(request.rules()).notAssessed(error),
        error,
        ObjectivesEvidence.of(pair.objectives()));
  }

  /**
   * One pair: its nodes read and its replication rules judged, every area check started, the {@link
   * AreaCheck.Stage#SLOT} checks run while the pair holds its slot, then the {@link
   * AreaCheck.Stage#AFTER} checks (the hosts' sample window taken, the heartbeat window waited out
   * without a slot, the backup restored with one). Areas no check judged are listed as not
   * measured.
   */
  private PairEvidence audit(
      PairConfig pair,
      AuditRequest request,
      TopologyProbe probe,
      Slots slots,
      List<AreaCheck> checks,
      CompletableFuture<LatencyAudit.Result> latency,
      Runnable started) {
    ReplicationAudit replication = new ReplicationAudit(request.rules());
    List<Finding> findings = new ArrayList<>();
    List<NodeEvidence> nodes = new ArrayList<>();
    Map<String, Object> evidence = new HashMap<>();
    String error = null;
    DrillOutcome drill = request.drills().get(pair.name());
    NodeSnapshot primary = null;
    NodeSnapshot replica = null;
    Map<AreaCheck, List<Finding>> broken = new HashMap<>();
    slots.acquire();
    AreaContext context;
    try {
      started.run();
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
        if (drill.evidence() != null) {
          evidence.put(EvidenceKind.DRILL.key(), drill.evidence());
        }
      }
      context =
          new AreaContext(
              pair, primary, replica, error, drill == null ? null : drill.evidence(), slots);
      if (latency != null) {
        context.put(LatencyAudit.SAMPLED, latency);
      }
    } catch (RuntimeException e) {
      slots.release();
      throw e;
    }
    try {
      try {
        for (AreaCheck check : checks) {
          guarded(request, check, () -> check.start(context))
              .ifPresent(failed -> broken.put(check, failed));
        }
        run(request, checks, AreaCheck.Stage.SLOT, context, broken, findings, evidence);
      } finally {
        slots.release();
      }
      run(request, checks, AreaCheck.Stage.AFTER, context, broken, findings, evidence);
    } finally {
      for (AreaCheck check : checks) {
        guarded(request, check, () -> check.close(context));
      }
    }
    Set<String> judged = new HashSet<>();
    findings.forEach(f -> judged.add(f.area()));
    for (Area area : request.rules().areas()) {
      Text reason =
          drill != null && drill.evidence() == null && Set.of("rpo", "rto").contains(area.id())
              ? Text.of("audit.stoppedAtPreflight")
              : area.id().equals("backups")
                      && primary != null
                      && primary.dialect() instanceof MySqlDialect
                  ? Text.join(
                      "sep.semicolon",
                      List.of(
                          NOT_MEASURED.get(area.id()), BackupVerification.mysqlBackups(primary)))
                  : NOT_MEASURED.get(area.id());
      if (judged.contains(area.id())) {
        continue;
      }
      if (reason != null) {
        findings.add(
            Finding.said(
                area.id().toUpperCase(Locale.ROOT) + "-NOT-MEASURED",
                area.title(),
                area.id(),
                Severity.HIGH,
                Status.NOT_ASSESSED,
                Text.of("notAssessed", reason),
                expectation(area.id(), pair),
                "",
                "",
                area.references()));
      }
    }
    return new PairEvidence(
        pair.name(),
        pair.environment().name().toLowerCase(Locale.ROOT),
        nodes,
        findings,
        error,
        ObjectivesEvidence.of(pair.objectives()),
        evidence);
  }

  /**
   * Runs the checks of one stage in registry order, each guarded: a check that breaks (or whose
   * start broke) makes its area NOT_ASSESSED with the reason, and the others go on.
   */
  private static void run(
      AuditRequest request,
      List<AreaCheck> checks,
      AreaCheck.Stage stage,
      AreaContext context,
      Map<AreaCheck, List<Finding>> broken,
      List<Finding> findings,
      Map<String, Object> evidence) {
    for (AreaCheck check : checks) {
      if (check.stage() != stage) {
        continue;
      }
      if (broken.containsKey(check)) {
        findings.addAll(broken.get(check));
        continue;
      }
      AreaResult[] result = new AreaResult[1];
      guarded(request, check, () -> result[0] = check.run(context))
          .ifPresentOrElse(
              findings::addAll,
              () -> {
                findings.addAll(result[0].findings());
                if (result[0].evidence() != null) {
                  evidence.put(result[0].kind().key(), result[0].evidence());
                }
              });
    }
  }

  /**
   * Runs one step of an area check; when it breaks, the NOT_ASSESSED finding of its area ({@code
   * <AREA>-NOT-ASSESSED}) with the first line of the reason, else empty.
   */
  private static Optional<List<Finding>> guarded(
      AuditRequest request, AreaCheck check, Runnable step) {
    try {
      step.run();
      return Optional.empty();
    } catch (RuntimeException e) {
      // a defect in one area (an internal error) is that area's NOT_ASSESSED, said as such; the
      // pair's other areas are still judged
      String area = check.area();
      Area a = request.rules().area(area);
      String reason =
          e instanceof Art32Exception
              ? Art32Exception.firstLine(e.getMessage())
              : (e instanceof UncheckedIOException || e instanceof IllegalStateException
                      ? ""
                      : "internal error: ")
                  + e.getClass().getSimpleName()
                  + ": "
                  + Art32Exception.firstLine(String.valueOf(e.getMessage()));
      return Optional.of(
          List.of(
              Finding.said(
                  area.toUpperCase(Locale.ROOT) + "-NOT-ASSESSED",
                  a.title(),
                  area,
                  Severity.HIGH,
                  Status.NOT_ASSESSED,
                  Text.of("notAssessed", reason),
                  Text.of("audit.areaToTheEnd", Text.word("area.word." + area, area)),
                  "",
                  Catalogue.english().word("fix.audit.notAssessed"),
                  a.references())));
    }
  }

  private static Text expectation(String area, PairConfig pair) {
    return switch (area) {
      case "rpo" -> Text.of("drill.rpo.expected", pair.objectives().rpo().toMillis());
      case "rto" -> Text.of("drill.rto.expected", pair.objectives().rto().toMillis());
      case "latency" ->
          Text.of(
              "audit.expected.latency",
              pair.objectives().latencyPercentile(),
              pair.objectives().latency().toMillis());
      case "residency" -> Text.of("audit.expected.residency");
      default -> Text.of("audit.expected.rules");
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
