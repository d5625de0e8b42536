package eu.art32.audit;

import eu.art32.Art32Exception;
import eu.art32.EnvironmentException;
import eu.art32.Version;
import eu.art32.backup.BackupVerification;
import eu.art32.config.GeoIpConfig;
import eu.art32.config.NodeConfig;
import eu.art32.config.PairConfig;
import eu.art32.consistency.ConsistencyAudit;
import eu.art32.drill.DrillOutcome;
import eu.art32.evidence.Area;
import eu.art32.evidence.BackupEvidence;
import eu.art32.evidence.ConsistencyEvidence;
import eu.art32.evidence.Finding;
import eu.art32.evidence.LagEvidence;
import eu.art32.evidence.NodeEvidence;
import eu.art32.evidence.PairEvidence;
import eu.art32.evidence.RunEvidence;
import eu.art32.evidence.Severity;
import eu.art32.evidence.Status;
import eu.art32.evidence.Text;
import eu.art32.hosts.HostsAudit;
import eu.art32.integrity.History;
import eu.art32.latency.LatencyAudit;
import eu.art32.latency.NodeSamples;
import eu.art32.mirror.MirrorAudit;
import eu.art32.path.PathAudit;
import eu.art32.report.ReportFiles;
import eu.art32.report.ReportWriter;
import eu.art32.residency.GeoDatabases;
import eu.art32.residency.ResidencyAudit;
import eu.art32.rules.ReplicationAudit;
import eu.art32.sandbox.Sandbox;
import eu.art32.topology.NodeConnector;
import eu.art32.topology.NodeSnapshot;
import eu.art32.topology.Role;
import eu.art32.topology.TopologyProbe;
import eu.art32.waiver.Waivers;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
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
            eu.art32.config.ConfigDigest.of(request.config()),
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
    java.util.concurrent.atomic.AtomicInteger running =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger done =
        new java.util.concurrent.atomic.AtomicInteger();
    NodeConnector connections = probe.connector().pooled();
    Shared shared =
        new Shared(
            geo,
            new Slots(request.parallel()),
            new TopologyProbe(connections),
            new java.util.concurrent.ConcurrentHashMap<>(),
            request.output().historyDir() == null
                ? java.util.Map.of()
                : new History(request.output().historyDir()).lastDrills());
    int threads = Math.min(Math.max(1, total), Math.max(request.parallel(), 256));
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(
            threads, r -> Thread.ofPlatform().daemon().name("art32-audit", 0).unstarted(r));
    try {
      sampleLatency(selected, request, shared, pool);
      List<java.util.concurrent.Future<PairEvidence>> futures = new ArrayList<>();
      for (PairConfig pair : selected) {
        futures.add(
            pool.submit(
                () -> {
                  long[] start = {System.nanoTime()};
                  java.util.concurrent.atomic.AtomicBoolean began =
                      new java.util.concurrent.atomic.AtomicBoolean();
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
                    evidence = audit(pair, request, shared, started);
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
      for (java.util.concurrent.Future<PairEvidence> f : futures) {
        pairs.add(f.get());
      }
      return pairs;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EnvironmentException("interrupted while auditing", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
      connections.close();
    }
  }

  /**
   * What the pairs of one run share: the geo-IP databases, the slots bounding active work, a probe
   * whose connections are pooled across pairs, the latency series per node, and the last drill of
   * each pair in the history.
   */
  private record Shared(
      GeoDatabases geo,
      Slots slots,
      TopologyProbe probe,
      java.util.Map<String, java.util.concurrent.CompletableFuture<LatencyAudit.Result>> latency,
      java.util.Map<String, History.Point> lastDrills) {}

  /**
   * Samples the round trips of every pair before any pair starts its heartbeat or checks, so that
   * art32's own load (other pairs' heartbeats and table checksums) does not show up as latency:
   * each node once per run ({@link NodeSamples}), two pairs that share a server one after the
   * other, at most {@code --parallel} at once. A pair whose sampling throws has that error recorded
   * when its audit picks up the result.
   */
  private void sampleLatency(
      List<PairConfig> selected,
      AuditRequest request,
      Shared shared,
      java.util.concurrent.ExecutorService pool) {
    NodeSamples nodes = new NodeSamples();
    for (PairConfig pair : selected) {
      DrillOutcome drill = request.drills().get(pair.name());
      java.util.SortedSet<String> servers =
          new java.util.TreeSet<>(
              List.of(
                  pair.primary().address().toLowerCase(java.util.Locale.ROOT),
                  pair.replica().address().toLowerCase(java.util.Locale.ROOT)));
      shared
          .latency()
          .put(
              pair.name(),
              java.util.concurrent.CompletableFuture.supplyAsync(
                  () -> {
                    shared.slots().startSampling(servers);
                    shared.slots().acquire();
                    try {
                      return new LatencyAudit(request.rules(), nodes)
                          .run(pair, drill == null ? null : drill.evidence());
                    } finally {
                      shared.slots().release();
                      shared.slots().endSampling(servers);
                    }
                  },
                  pool));
    }
    shared.latency().values().forEach(f -> f.exceptionally(e -> null).join());
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
        pair.environment().name().toLowerCase(java.util.Locale.ROOT),
        List.of(unread(Role.PRIMARY, pair.primary()), unread(Role.REPLICA, pair.replica())),
        new ReplicationAudit(request.rules()).notAssessed(error),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        error,
        eu.art32.evidence.ObjectivesEvidence.of(pair.objectives()),
        null,
        null);
  }

  /**
   * DRILL-INTERVAL: regular testing (Art. 32(1)(d)) is itself checked against the pair's
   * drillInterval, from this run's drill or the newest drill of the pair in the history.
   */
  private Finding drillInterval(
      PairConfig pair,
      AuditRequest request,
      DrillOutcome drill,
      java.util.Map<String, History.Point> lastDrills) {
    long days = pair.objectives().drillInterval().toDays();
    Text expected = Text.of("interval.expected", days);
    Status status;
    Text observed;
    if (drill != null && drill.evidence() != null) {
      status = Status.PASS;
      observed = Text.of("interval.thisRun");
    } else if (request.output().historyDir() == null) {
      status = Status.NOT_ASSESSED;
      observed = Text.of("interval.noHistory");
    } else {
      History.Point last = lastDrills.get(pair.name());
      if (last == null) {
        status = Status.WARN;
        observed = Text.of("interval.none", request.output().historyDir().toString());
      } else {
        Instant at = Instant.parse(last.startedAt());
        long age = java.time.Duration.between(at, clock.instant()).toDays();
        status = age <= days ? Status.PASS : Status.WARN;
        observed = Text.of("interval.last", last.runId(), at.toString(), age);
      }
    }
    return Finding.said(
        "DRILL-INTERVAL",
        "The pair was drilled within its testing interval",
        "drill",
        Severity.MEDIUM,
        status,
        observed,
        expected,
        "Art. 32(1)(d) asks for a process of regularly testing the measures; a drill older than the"
            + " interval no longer shows the pair restores today.",
        status == Status.WARN
            ? "Run art32 drill --pair " + pair.name() + " (or art32 run --drill)."
            : "",
        request.rules().area("drill").references());
  }

  /**
   * One pair: its nodes and replication rules, the heartbeat started, the latency sampled before
   * the run's checks began, the hosts probed while residency, the network path, mirror and
   * consistency run, then the heartbeat window waited out without a slot, then the backup restore.
   */
  private PairEvidence audit(
      PairConfig pair, AuditRequest request, Shared shared, Runnable started) {
    TopologyProbe probe = shared.probe();
    Slots slots = shared.slots();
    ReplicationAudit replication = new ReplicationAudit(request.rules());
    List<Finding> findings = new ArrayList<>();
    List<NodeEvidence> nodes = new ArrayList<>();
    String error = null;
    DrillOutcome drill = request.drills().get(pair.name());
    NodeSnapshot primary = null;
    NodeSnapshot replica = null;
    ConsistencyAudit consistencyAudit = new ConsistencyAudit(request.rules(), probe.connector());
    HeartbeatRun heartbeat;
    slots.acquire();
    started.run();
    try {
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
      findings.add(drillInterval(pair, request, drill, shared.lastDrills()));
      if (error != null) {
        primary = null;
        replica = null;
      }
      heartbeat = HeartbeatRun.start(pair, primary, replica, probe.connector());
    } finally {
      slots.release();
    }
    LatencyAudit.Result latency;
    ResidencyAudit.Result residency;
    PathAudit.Result path;
    HostsAudit.Result hosts;
    MirrorAudit.Result mirror;
    ConsistencyEvidence consistency = null;
    LagEvidence lag;
    try {
      try {
        latency = shared.latency().get(pair.name()).join();
      } catch (java.util.concurrent.CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
      findings.add(latency.finding());
      // each host's CPU counters are sampled while the pair's other checks run
      java.util.concurrent.CompletableFuture<HostsAudit.Result> hostsProbe =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () ->
                  guarded(
                      request,
                      "hosts",
                      () -> new HostsAudit(request.rules()).run(pair),
                      notAssessed -> new HostsAudit.Result(null, notAssessed)),
              task -> Thread.ofVirtual().name("art32-hosts").start(task));
      slots.acquire();
      try {
        // one area's failure (a corrupt geo-IP file, an unreadable mirror) makes that area NOT
        // ASSESSED with its reason; the other areas still run
        residency =
            guarded(
                request,
                "residency",
                () ->
                    new ResidencyAudit(request.rules(), shared.geo(), clock)
                        .run(pair, latency.primaryToDr()),
                notAssessed -> new ResidencyAudit.Result(null, notAssessed));
        findings.addAll(residency.findings());
        path =
            guarded(
                request,
                "path",
                () -> new PathAudit(request.rules(), shared.geo()).run(pair),
                notAssessed -> new PathAudit.Result(null, notAssessed));
        findings.addAll(path.findings());
        mirror =
            guarded(
                request,
                "mirror",
                () ->
                    pair.mirror() == null
                        ? new MirrorAudit(request.rules(), request.rules().mirror(), request.deep())
                            .run(pair)
                        : slots.exclusive(
                            "mirror " + canonical(pair.mirror().source()),
                            () ->
                                new MirrorAudit(
                                        request.rules(), request.rules().mirror(), request.deep())
                                    .run(pair)),
                notAssessed -> new MirrorAudit.Result(null, notAssessed));
        findings.addAll(mirror.findings());
        if (primary != null) {
          NodeSnapshot p = primary;
          NodeSnapshot r = replica;
          ConsistencyAudit.Result checked =
              guarded(
                  request,
                  "consistency",
                  () -> consistencyAudit.run(pair, p, r),
                  notAssessed -> new ConsistencyAudit.Result(null, notAssessed));
          consistency = checked.evidence();
          findings.addAll(checked.findings());
        } else {
          findings.add(consistencyAudit.notAssessed("the pair could not be read: " + error));
        }
      } finally {
        slots.release();
      }
      hosts = hostsProbe.join();
      findings.addAll(hosts.findings());
      lag = heartbeat.finish(pair.objectives().lag().toMillis() * 2 + 1000);
    } finally {
      heartbeat.close();
    }
    findings.addAll(consistencyAudit.lagFindings(pair, lag, heartbeat.notRun()));
    BackupEvidence backup = null;
    if (pair.checks().backup() != null) {
      if (primary != null && primary.dialect() instanceof eu.art32.topology.MySqlDialect) {
        findings.add(restoreNotAssessed(mysqlBackups(primary), request));
      } else if (primary != null) {
        slots.acquire();
        try {
          NodeSnapshot source = pair.checks().backup().node().equals("primary") ? primary : replica;
          BackupVerification.Result verified =
              slots.exclusive(
                  "backup " + canonical(pair.checks().backup().directory()),
                  () ->
                      new BackupVerification(
                              request.rules(), probe.connector(), clock, Sandbox.defaultCache())
                          .run(pair, source));
          backup = verified.evidence();
          findings.addAll(verified.findings());
        } finally {
          slots.release();
        }
      } else {
        findings.add(
            restoreNotAssessed(Text.of("audit.pairNotRead", String.valueOf(error)), request));
      }
    }
    java.util.Set<String> judged = new java.util.HashSet<>();
    findings.forEach(f -> judged.add(f.area()));
    for (Area area : request.rules().areas()) {
      Text reason =
          drill != null && drill.evidence() == null && Set.of("rpo", "rto").contains(area.id())
              ? Text.of("audit.stoppedAtPreflight")
              : area.id().equals("backups")
                      && primary != null
                      && primary.dialect() instanceof eu.art32.topology.MySqlDialect
                  ? Text.join(
                      "sep.semicolon", List.of(NOT_MEASURED.get(area.id()), mysqlBackups(primary)))
                  : NOT_MEASURED.get(area.id());
      if (judged.contains(area.id())) {
        continue;
      }
      if (reason != null) {
        findings.add(
            Finding.said(
                area.id().toUpperCase(java.util.Locale.ROOT) + "-NOT-MEASURED",
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
        error,
        eu.art32.evidence.ObjectivesEvidence.of(pair.objectives()),
        path.evidence(),
        hosts.evidence());
  }

  /**
   * Runs one area's audit; when it breaks, the area is NOT_ASSESSED with the first line of the
   * reason (one finding, {@code <AREA>-NOT-ASSESSED}) and the pair's other areas go on.
   */
  private static <R> R guarded(
      AuditRequest request,
      String area,
      java.util.function.Supplier<R> audit,
      java.util.function.Function<List<Finding>, R> failed) {
    try {
      return audit.get();
    } catch (Art32Exception | java.io.UncheckedIOException | IllegalStateException e) {
      Area a = request.rules().area(area);
      String reason =
          e instanceof Art32Exception
              ? Art32Exception.firstLine(e.getMessage())
              : e.getClass().getSimpleName() + ": " + Art32Exception.firstLine(e.getMessage());
      return failed.apply(
          List.of(
              Finding.said(
                  area.toUpperCase(java.util.Locale.ROOT) + "-NOT-ASSESSED",
                  a.title(),
                  area,
                  Severity.HIGH,
                  Status.NOT_ASSESSED,
                  Text.of("notAssessed", reason),
                  Text.of("audit.areaToTheEnd", Text.word("area.word." + area, area)),
                  "",
                  eu.art32.evidence.Catalogue.english().word("fix.audit.notAssessed"),
                  a.references())));
    }
  }

  /** A folder's real path where it exists, so two spellings of one folder share a lock. */
  private static String canonical(java.nio.file.Path path) {
    try {
      return path.toRealPath().toString();
    } catch (IOException e) {
      return path.toAbsolutePath().normalize().toString();
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

  private static Finding restoreNotAssessed(Text reason, AuditRequest request) {
    return Finding.said(
        "BACKUP-RESTORE",
        "The backup restores to a server that answers queries",
        "backups",
        Severity.HIGH,
        Status.NOT_ASSESSED,
        Text.of("notAssessed", reason),
        Text.of("backup.restore.expected"),
        "",
        "",
        request.rules().area("backups").references());
  }

  /**
   * Why backups of a MySQL pair are not restored: art32 prepares backups with mariadb-backup into a
   * scratch MariaDB server; XtraBackup, which MySQL backups need, is not supported yet.
   */
  private static Text mysqlBackups(NodeSnapshot primary) {
    return Text.of(
        "audit.mysqlBackups", eu.art32.topology.ServerVersion.parse(primary.version()).label());
  }
}
