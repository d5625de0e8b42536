package eu.art32.drill;

import eu.art32.Art32Exception;
import eu.art32.EnvironmentException;
import eu.art32.ExitCode;
import eu.art32.Redactor;
import eu.art32.config.DrillConfig;
import eu.art32.config.PairConfig;
import eu.art32.config.Secret;
import eu.art32.evidence.Catalogue;
import eu.art32.evidence.DrillEvidence;
import eu.art32.evidence.Finding;
import eu.art32.evidence.Text;
import eu.art32.latency.HostWatch;
import eu.art32.mirror.MirrorAudit;
import eu.art32.mirror.TreeComparison;
import eu.art32.rules.RuleBook;
import eu.art32.topology.NodeConnector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One drill after pre-flight: canary, fault, promotion, measurement, then failback, whatever
 * happened before it. Everything it does from the canary on is journalled and undone by failback
 * or, after art32 died, by {@code art32 recover}.
 */
final class DrillRun {

  private final Drill drill;
  private final PairConfig pair;
  private final String drillId;
  private final Instant startedAt;
  private final DrillNode primary;
  private final DrillNode replica;
  private final Timeline timeline;
  private final Journal journal;
  private final Fault fault;
  private final Redactor redactor;
  private final long deadline;
  private final List<DrillEvidence.Step> steps = new ArrayList<>();
  private CanaryLoad canary;
  private HostWatch hostWatch;
  private Instant faultAt;
  private DrillEvidence.Rpo rpo;
  private DrillEvidence.Rto rto;
  private DrillEvidence.Fencing fencing;
  private DrillEvidence.GtidCheck gtids;
  private DrillEvidence.Failback failback;
  private List<DrillEvidence.TableCheck> tables = List.of();
  private DrillEvidence.Canary canaryEvidence;
  private String aborted;
  private DrillEvidence.FilesAtFault filesAtFault;
  private Preflight.Endpoint endpointSeen;
  private String replicaId;
  private long promotedAcceptedNanos = Long.MIN_VALUE;
  private DrillEvidence.Endpoint endpointEvidence;
  private ManagerWatch managerWatch;
  private CompletableFuture<DrillEvidence.FilesAtFault> filesScan;

  DrillRun(
      Drill drill,
      PairConfig pair,
      String drillId,
      Instant startedAt,
      DrillNode primary,
      DrillNode replica,
      Timeline timeline,
      Journal journal,
      Fault fault,
      Redactor redactor,
      long deadline) {
    this.drill = drill;
    this.pair = pair;
    this.drillId = drillId;
    this.startedAt = startedAt;
    this.primary = primary;
    this.replica = replica;
    this.timeline = timeline;
    this.journal = journal;
    this.fault = fault;
    this.redactor = redactor;
    this.deadline = deadline;
  }

  DrillOutcome execute(
      Secret canaryPassword,
      List<Finding> preflight,
      Preflight.Endpoint endpointSeen,
      RuleBook rules) {
    this.endpointSeen = endpointSeen;
    DrillConfig config = pair.drill();
    String instructions = null;
    ExitCode exit = ExitCode.OK;
    try {
      startCanary(canaryPassword);
      drill.checkCancelled();
      checkReplicaBeforeFault();
      injectFault();
      promote();
      measureLoss();
    } catch (Art32Exception | IllegalStateException e) {
      aborted = redactor.clean(e.getMessage());
      timeline.mark("aborted", aborted);
      drill.say("drill aborted: " + aborted + "; putting the pair back");
    } finally {
      if (canary != null) {
        canary.stop();
      }
      if (hostWatch != null) {
        hostWatch.close();
      }
      if (managerWatch != null) {
        managerWatch.close();
      }
    }
    try {
      journal.enter("failback");
      drill.say("failback (" + config.failback().name().toLowerCase(Locale.ROOT) + ")");
      timeline.mark("failback started", "");
      Recovery.Result restored =
          new Recovery(drill.connector(), remaining())
              .restore(journal.state(), pair, primary, replica);
      gtids = restored.gtids() == null ? gtids : withCanaryCrossCheck(restored.gtids());
      if (restored.fencing() != null && (fencing == null || !fencing.verified())) {
        fencing =
            fencing == null
                ? restored.fencing()
                : DrillEvidence.Fencing.of(
                    restored.fencing().when(),
                    restored.fencing().verified(),
                    Text.of("drill.fencing.then", said(fencing), said(restored.fencing())));
      }
      failback = restored.failback();
      tables = restored.tables();
      if (failback.detailText() != null) {
        timeline.mark("pair healthy", failback.detailText());
      } else {
        timeline.mark("pair healthy", failback.detail());
      }
      journal.finish();
    } catch (Art32Exception e) {
      if (e instanceof DrillFailedException failed && failed.gtids() != null) {
        // failback stopped at transactions it will not discard: the loss is known all the same
        gtids = withCanaryCrossCheck(failed.gtids());
      }
      Text retry = Text.of("drill.instructions.recover", pair.name(), journal.file().toString());
      Text what =
          (e instanceof DrillFailedException failed
                  ? Text.of(
                      "drill.instructions.then",
                      failed.instructionsText() != null
                          ? failed.instructionsText()
                          : failed.instructions(),
                      retry)
                  : retry)
              .mapValues(redactor::clean);
      instructions = Catalogue.english().say(what);
      exit = ExitCode.PAIR_NOT_RESTORED;
      failback =
          new DrillEvidence.Failback(
              config.failback().name().toLowerCase(Locale.ROOT),
              false,
              false,
              null,
              null,
              redactor.clean(e.getMessage()),
              null,
              List.of(),
              null,
              instructions,
              what);
      timeline.mark("failback failed", redactor.clean(e.getMessage()));
    }
    if (endpointEvidence != null) {
      endpointEvidence = endpointAfterFailback(endpointEvidence);
    }
    DrillEvidence evidence =
        new DrillEvidence(
            drillId,
            config.fault().name().toLowerCase(Locale.ROOT),
            Catalogue.english().say(faultText()),
            faultText(),
            Catalogue.english().say(promotionText()),
            promotionText(),
            startedAt,
            faultAt,
            timeline.events(),
            steps,
            canaryEvidence,
            rpo,
            rto,
            gtids,
            fencing,
            tables,
            failback,
            filesAtFault,
            aborted,
            endpointEvidence);
    List<Finding> findings = new ArrayList<>(preflight);
    findings.addAll(DrillFindings.of(evidence, pair.objectives(), rules));
    return new DrillOutcome(evidence, findings, exit, instructions);
  }

  private void startCanary(Secret password) {
    journal.enter("canary");
    DrillConfig config = pair.drill();
    Set<String> hosts = new LinkedHashSet<>();
    hosts.add(Drill.clientHost(primary));
    hosts.add(Drill.clientHost(replica));
    if (endpointSeen != null) {
      hosts.add(endpointSeen.clientHost());
    }
    journal.update(s -> s.withCanary(List.copyOf(hosts)));
    primary.execute(
        CanaryLoad.setupSql(config.canarySchema(), List.copyOf(hosts), password.reveal())
            .toArray(String[]::new));
    if (!replica.awaitGtids(primary.executedGtids(), config.maxLag())) {
      throw new EnvironmentException(
          "the replica did not receive the canary schema within "
              + config.maxLag().toMillis()
              + " ms");
    }
    replicaId = replica.string("SELECT @@GLOBAL.server_id");
    canary =
        new CanaryLoad(
            drillId,
            config.canarySchema(),
            pair.primary(),
            pair.replica(),
            password,
            drill.connector(),
            config.canaryConnections(),
            external(),
            endpointSeen == null
                ? null
                : new CanaryLoad.Endpoint(
                    Preflight.throughEndpoint(pair.primary(), config.endpoint()),
                    endpointSeen.serverId(),
                    replicaId));
    drill.say(
        "canary load on "
            + config.canarySchema()
            + "."
            + CanaryLoad.TABLE
            + " with "
            + config.canaryConnections()
            + " connection(s)"
            + (endpointSeen == null
                ? ""
                : " through the endpoint " + config.endpoint().address() + " and one direct")
            + ", warming up "
            + config.warmup().toMillis()
            + " ms");
    long start = System.nanoTime();
    timeline.mark("canary started", Text.of("drill.ev.connections", config.canaryConnections()));
    canary.start();
    drill.sleep(config.warmup().toMillis());
    double seconds = (System.nanoTime() - start) / 1e9;
    canaryEvidence =
        new DrillEvidence.Canary(
            config.canarySchema(),
            config.canaryConnections(),
            0,
            Math.round(canary.ackedOnPrimary() / seconds * 10) / 10.0,
            0);
  }

  /**
   * Right before the fault: the replica still answers and has received the canary's commits. A
   * replica that froze or stopped replicating during the warm-up would leave nothing to promote, so
   * the drill stops here, before the primary is touched.
   */
  private void checkReplicaBeforeFault() {
    Duration bound = pair.drill().maxLag().plusSeconds(2);
    String wanted = primary.executedGtids();
    CompletableFuture<Boolean> caughtUp =
        CompletableFuture.supplyAsync(
            () -> replica.awaitGtids(wanted, pair.drill().maxLag()),
            r -> Thread.ofPlatform().daemon().name("art32-replica-check").start(r));
    String problem;
    try {
      problem =
          caughtUp.get(bound.toMillis(), TimeUnit.MILLISECONDS)
              ? null
              : "did not receive the canary's commits within maxLag "
                  + pair.drill().maxLag().toMillis()
                  + " ms";
    } catch (TimeoutException e) {
      caughtUp.cancel(true);
      problem = "did not answer within " + bound.toMillis() + " ms";
    } catch (ExecutionException e) {
      problem = "cannot be read: " + Art32Exception.firstLine(e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problem = "check interrupted";
    }
    if (problem != null) {
      timeline.mark("replica not ready for the fault", problem);
      throw new EnvironmentException(
          "the replica "
              + pair.replica().address()
              + " "
              + problem
              + " just before the fault; no fault was injected");
    }
    timeline.mark("replica checked before the fault", Text.of("drill.ev.caughtUp"));
  }

  private void injectFault() {
    journal.enter("fault");
    drill.say("injecting fault: " + redactor.clean(fault.describe()));
    // watches this host from the fault to the first write, so a busy art32 host cannot make the
    // RTO look longer than it was
    hostWatch = HostWatch.start();
    long at = System.nanoTime();
    faultAt = drill.clock().instant();
    timeline.faultAt(at);
    if (external()) {
      // from the fault on: what the failover manager does, and when
      managerWatch =
          new ManagerWatch(pair.primary(), pair.replica(), replica.dialect(), timeline).start();
    }
    timeline.markAt("fault injected", faultText(), at, faultAt);
    fault.inject(primary);
    timeline.mark("fault in place", "");
    Instant when = faultAt;
    filesScan = CompletableFuture.supplyAsync(() -> filesAtFault(when));
  }

  /**
   * The mirror's state at the fault, when the pair has a local mirror: scanned in parallel with the
   * promotion so that it does not add to the RTO.
   */
  private DrillEvidence.FilesAtFault filesAtFault(Instant at) {
    var mirror = pair.mirror();
    if (mirror == null || !Files.isDirectory(mirror.source())) {
      return null;
    }
    Path target = MirrorAudit.localTarget(mirror.target());
    if (target == null) {
      return null;
    }
    int seconds = 60;
    List<String> excludes = new ArrayList<>(MirrorAudit.excludes(mirror));
    excludes.add(".art32-canary/");
    var recent =
        new TreeComparison(excludes, false, 1)
            .recent(mirror.source(), target, at.toEpochMilli() - seconds * 1000L);
    timeline.mark(
        "mirror at the fault",
        Text.of("drill.ev.files", recent.missingOnMirror(), recent.changed()));
    return new DrillEvidence.FilesAtFault(
        mirror.source().toString(),
        seconds,
        recent.changed(),
        recent.missingOnMirror(),
        recent.samples());
  }

  private void promote() {
    journal.update(state -> state.withPromotionStarted().enter("promotion"));
    canary.abandonPrimary();
    long lastAck =
        canary.acks().stream()
            .filter(a -> !a.promoted())
            .mapToLong(CanaryLoad.Ack::nanos)
            .max()
            .orElse(Long.MIN_VALUE);
    if (lastAck != Long.MIN_VALUE) {
      timeline.markAt("last commit acknowledged by the primary", "", lastAck, null);
    }
    long promotionStart;
    long promotionEnd;
    boolean promoted = true;
    if (external()) {
      long wait = pair.drill().detectTimeout().toMillis();
      drill.say(
          "watching for "
              + (pair.drill().manager() == null
                  ? "the failover manager"
                  : redactor.clean(pair.drill().manager()))
              + " to promote the replica, at most "
              + wait
              + " ms");
      // the direct canary knocks on the replica from the fault on: its first commit is the
      // promoted node taking writes, however the manager got there
      long accepted = canary.awaitFirstPromotedCommit(wait);
      long seen = managerWatch.promotionSeen();
      if (accepted == Long.MIN_VALUE) {
        promoted = false;
        promotionStart = promotionEnd = System.nanoTime();
        timeline.mark("no promotion within detectTimeout", Text.of("drill.ev.noPromotion", wait));
        drill.say("no promotion within " + wait + " ms");
      } else {
        promotionStart = seen == Long.MIN_VALUE ? accepted : Math.min(seen, accepted);
        promotionEnd = accepted;
        timeline.markAt("promotion seen", "", promotionStart, timeline.wallAt(promotionStart));
      }
    } else {
      drill.say(
          "promoting the replica ("
              + (pair.drill().promotion() == DrillConfig.Promotion.RUNBOOK ? "runbook" : "built-in")
              + ")");
      promotionStart = System.nanoTime();
      steps.addAll(new Promotion(pair, replica, timeline, redactor, env()).run());
      promotionEnd = System.nanoTime();
    }
    CompletableFuture<DrillEvidence.Fencing> fenced =
        CompletableFuture.supplyAsync(
            () -> {
              DrillEvidence.Fencing f = Fencing.atPromotion(primary);
              timeline.mark("fencing " + f.when(), said(f));
              return f;
            });
    canary.switchToPromoted();
    long budget = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
    long bound = promoted ? Math.min(budget, pair.objectives().rto().toMillis() * 2 + 5_000) : 1;
    long waitFrom = System.nanoTime();
    long direct = canary.awaitFirstPromotedCommit(bound);
    long viaEndpoint =
        canary.awaitFirstEndpointCommit(
            Math.max(1, bound - (System.nanoTime() - waitFrom) / 1_000_000));
    promotedAcceptedNanos = direct;
    boolean throughEndpoint = canary.hasEndpoint();
    boolean watched = throughEndpoint || external();
    // the application's first write: through the endpoint when there is one
    long first = throughEndpoint ? viaEndpoint : direct;
    List<DrillEvidence.Phase> phases = new ArrayList<>();
    phases.add(
        new DrillEvidence.Phase(
            watched ? "detection" : "fault to promotion start",
            0,
            Millis.round(timeline.sinceFault(promotionStart))));
    for (DrillEvidence.Step step : steps) {
      phases.add(new DrillEvidence.Phase(step.name(), step.startMs(), step.durationMs()));
    }
    Double databaseMs = null;
    if (direct != Long.MIN_VALUE) {
      timeline.markAt(
          "first canary commit on the promoted node",
          "",
          direct,
          drill.clock().instant().minusNanos(System.nanoTime() - direct));
      databaseMs = Millis.round(timeline.sinceFault(direct));
      // beside an endpoint, promotion (until the node itself takes a write) comes second, above
      // the steps it is made of
      phases.add(
          watched ? 1 : phases.size(),
          watched
              ? new DrillEvidence.Phase(
                  "promotion",
                  Millis.round(timeline.sinceFault(promotionStart)),
                  Millis.of(direct - promotionStart))
              : new DrillEvidence.Phase(
                  "first write after promotion",
                  Millis.round(timeline.sinceFault(promotionEnd)),
                  Millis.of(direct - promotionEnd)));
    }
    if (throughEndpoint && viaEndpoint != Long.MIN_VALUE) {
      long from = direct == Long.MIN_VALUE ? promotionEnd : Math.min(direct, viaEndpoint);
      timeline.markAt(
          "first commit through the endpoint",
          Text.of("drill.ev.endpoint", pair.drill().endpoint().address()),
          viaEndpoint,
          drill.clock().instant().minusNanos(System.nanoTime() - viaEndpoint));
      phases.add(
          new DrillEvidence.Phase(
              "rerouting", Millis.round(timeline.sinceFault(from)), Millis.of(viaEndpoint - from)));
    }
    Instant firstWriteAt = null;
    Double ms = null;
    Double undistorted = null;
    hostWatch.close();
    if (first != Long.MIN_VALUE) {
      firstWriteAt = drill.clock().instant().minusNanos(System.nanoTime() - first);
      ms = Millis.round(timeline.sinceFault(first));
      undistorted =
          Millis.round(
              timeline.sinceFault(first)
                  - hostWatch.lateNanosWithin(timeline.faultNanos(), first) / 1e6);
      drill.say(
          "first write committed "
              + (throughEndpoint ? "through the endpoint " : "on the promoted node ")
              + ms
              + " ms after the fault"
              + (throughEndpoint && databaseMs != null
                  ? " (on the promoted node itself after " + databaseMs + " ms)"
                  : ""));
      if (pair.drill().healthCheck() != null) {
        long hc = System.nanoTime();
        String problem = HealthCheck.await(pair.drill().healthCheck(), replica);
        long hcEnd = System.nanoTime();
        phases.add(
            new DrillEvidence.Phase(
                "health check" + (problem == null ? "" : " (failed: " + problem + ")"),
                Millis.round(timeline.sinceFault(hc)),
                Millis.of(hcEnd - hc)));
        timeline.mark(
            problem == null ? "health check passed" : "health check failed",
            problem == null ? "" : problem);
      }
    } else if (throughEndpoint) {
      String error = canary.lastEndpointError();
      timeline.mark("no commit through the endpoint", error == null ? "" : redactor.clean(error));
      drill.say(
          "no write committed through the endpoint on the promoted node"
              + (error == null ? "" : ": " + redactor.clean(error)));
    } else {
      timeline.mark(
          "no commit on the promoted node",
          canary.lastError() == null ? "" : redactor.clean(canary.lastError()));
      drill.say("no write committed on the promoted node: " + redactor.clean(canary.lastError()));
    }
    if (managerWatch != null) {
      managerWatch.close();
    }
    drill.sleep(200);
    fencing = fenced.join();
    rto =
        new DrillEvidence.Rto(
            ms,
            firstWriteAt,
            phases,
            undistorted,
            hostWatch.noise(),
            throughEndpoint ? databaseMs : null,
            external() ? (double) pair.drill().detectTimeout().toMillis() : null);
  }

  /**
   * What the canary saw through the endpoint: its commits on each node, and those the old primary
   * acknowledged after the promoted node had accepted writes (split brain: two primaries taking the
   * application's writes).
   */
  private DrillEvidence.Endpoint endpointEvidence() {
    List<CanaryLoad.Ack> through =
        canary.acks().stream().filter(CanaryLoad.Ack::throughEndpoint).toList();
    String oldPrimary = endpointSeen.serverId();
    long faultNanos = timeline.faultNanos();
    long afterFault =
        through.stream()
            .filter(a -> a.serverId().equals(oldPrimary) && a.sentNanos() > faultNanos)
            .count();
    List<CanaryLoad.Ack> split =
        promotedAcceptedNanos == Long.MIN_VALUE
            ? List.of()
            : through.stream()
                .filter(
                    a -> a.serverId().equals(oldPrimary) && a.sentNanos() > promotedAcceptedNanos)
                .sorted(Comparator.comparingLong(CanaryLoad.Ack::nanos))
                .toList();
    long elsewhere =
        through.stream()
            .filter(a -> !a.serverId().equals(oldPrimary) && !a.serverId().equals(replicaId))
            .count();
    String error = canary.lastEndpointError();
    return new DrillEvidence.Endpoint(
        pair.drill().endpoint().address(),
        pair.drill().canaryConnections(),
        through.stream().filter(a -> a.serverId().equals(oldPrimary)).count(),
        through.stream().filter(CanaryLoad.Ack::promoted).count(),
        elsewhere,
        afterFault,
        split.size(),
        split.isEmpty() ? null : Millis.round(timeline.sinceFault(split.get(0).nanos())),
        split.isEmpty()
            ? null
            : Millis.round(timeline.sinceFault(split.get(split.size() - 1).nanos())),
        canary.endpointAttempts(),
        error == null ? null : redactor.clean(Art32Exception.firstLine(error)),
        null,
        null,
        null);
  }

  /**
   * After failback: the node the endpoint leads to now, and whether it takes writes (an endpoint
   * still on the read-only DR node leaves the application unable to write).
   */
  private DrillEvidence.Endpoint endpointAfterFailback(DrillEvidence.Endpoint before) {
    try (Connection c =
            new NodeConnector(Duration.ofSeconds(3), Duration.ofSeconds(10))
                .connect(
                    "endpoint",
                    Preflight.throughEndpoint(pair.primary(), pair.drill().endpoint()));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT @@GLOBAL.server_id, @@GLOBAL.read_only")) {
      rs.next();
      return before.afterFailback(rs.getString(1), rs.getInt(2) == 0, null);
    } catch (SQLException | Art32Exception e) {
      return before.afterFailback(
          null, null, redactor.clean(Art32Exception.firstLine(e.getMessage())));
    }
  }

  private void measureLoss() {
    if (filesScan != null) {
      try {
        filesAtFault = filesScan.join();
      } catch (CompletionException e) {
        timeline.mark("mirror at the fault not read", redactor.clean(String.valueOf(e.getCause())));
      }
    }
    canary.stop();
    journal.enter("measure");
    String commonPoint = replica.string(replica.dialect().replicatedGtidsSql());
    journal.update(s -> s.withCommonPoint(commonPoint));
    Set<Long> present = PairRestorer.seqs(replica, pair.drill().canarySchema());
    rpo = Loss.measure(canary.acks(), present);
    if (endpointSeen != null) {
      endpointEvidence = endpointEvidence();
      if (endpointEvidence.splitBrainCommits() > 0) {
        timeline.mark(
            "split brain through the endpoint",
            Text.of("drill.ev.splitBrain", endpointEvidence.splitBrainCommits()));
        drill.say(
            "split brain: "
                + endpointEvidence.splitBrainCommits()
                + " write(s) through the endpoint committed on the old primary after the promoted"
                + " node accepted writes");
      }
    }
    long afterPromotion = canary.acks().stream().filter(CanaryLoad.Ack::promoted).count();
    canaryEvidence =
        new DrillEvidence.Canary(
            canaryEvidence.schema(),
            canaryEvidence.connections(),
            canary.ackedOnPrimary(),
            canaryEvidence.commitsPerSecond(),
            afterPromotion);
    drill.say(
        "RPO: "
            + rpo.lost()
            + " acknowledged commit(s) lost of "
            + rpo.acknowledged()
            + ", loss window "
            + rpo.lossWindowMs()
            + " ms");
  }

  /** Adds to the GTID check whether it agrees with the canary count. */
  private DrillEvidence.GtidCheck withCanaryCrossCheck(DrillEvidence.GtidCheck check) {
    if (rpo == null) {
      return check;
    }
    boolean agrees = check.missingCount() >= rpo.lost();
    return check.withCrossCheck(
        agrees,
        Text.of(
            agrees ? "drill.gtid.agrees" : "drill.gtid.fewer",
            check.noteText() != null ? check.noteText() : check.note(),
            rpo.lost()));
  }

  private Text promotionText() {
    return switch (pair.drill().promotion()) {
      case RUNBOOK -> Text.of("drill.promotion.runbook", pair.runbook().size());
      case BUILTIN -> Text.of("drill.promotion.builtin");
      case EXTERNAL ->
          pair.drill().manager() == null
              ? Text.of("drill.promotion.external")
              : Text.of("drill.promotion.manager", redactor.clean(pair.drill().manager()));
    };
  }

  private boolean external() {
    return pair.drill().promotion() == DrillConfig.Promotion.EXTERNAL;
  }

  /** The fault as the evidence records it: art32's words, what the user wrote redacted. */
  private Text faultText() {
    return fault.described().mapValues(redactor::clean);
  }

  /** A fencing's detail as a Text (its words when it was recorded without one). */
  private static Text said(DrillEvidence.Fencing f) {
    return f.detailText() != null ? f.detailText() : Text.of(Text.CONCAT, f.detail());
  }

  private Duration remaining() {
    long left = deadline - System.nanoTime();
    return Duration.ofNanos(Math.max(left, Duration.ofSeconds(60).toNanos()));
  }

  private Map<String, String> env() {
    return Map.of(
        "ART32_PAIR", pair.name(),
        "ART32_DRILL_ID", drillId,
        "ART32_PRIMARY_HOST", pair.primary().host(),
        "ART32_PRIMARY_PORT", Integer.toString(pair.primary().port()),
        "ART32_REPLICA_HOST", pair.replica().host(),
        "ART32_REPLICA_PORT", Integer.toString(pair.replica().port()));
  }
}
