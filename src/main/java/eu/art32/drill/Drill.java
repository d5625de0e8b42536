package eu.art32.drill;

import eu.art32.Art32Exception;
import eu.art32.EnvironmentException;
import eu.art32.ExitCode;
import eu.art32.UsageException;
import eu.art32.config.DrillConfig;
import eu.art32.config.Environment;
import eu.art32.config.PairConfig;
import eu.art32.config.Secret;
import eu.art32.evidence.DrillEvidence;
import eu.art32.evidence.Finding;
import eu.art32.rules.RuleBook;
import eu.art32.topology.NodeConnector;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A failover drill on a staging pair: pre-flight, canary load, the fault, promotion, measurement,
 * verification and failback, each phase journalled before it starts. Whatever happens after the
 * canary exists, the drill ends by putting the pair back or by saying exactly what a person must do
 * (exit 4).
 */
public final class Drill {
  private final NodeConnector connector;
  private final Clock clock;
  private final PrintWriter progress;
  private final Path journalDir;
  private final java.util.concurrent.atomic.AtomicBoolean cancelled =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final java.util.concurrent.CountDownLatch done =
      new java.util.concurrent.CountDownLatch(1);

  public Drill(Clock clock, PrintWriter progress, Path journalDir) {
    this.connector = new NodeConnector(Duration.ofSeconds(2), Duration.ofSeconds(20));
    this.clock = clock;
    this.progress = progress;
    this.journalDir = journalDir;
  }

  /**
   * Asks a running drill to stop (Ctrl-C): it stops at the next phase boundary or wait and goes
   * straight to failback.
   */
  public void cancel() {
    cancelled.set(true);
  }

  /** Marks the drill and its reports as finished, releasing {@link #awaitDone}. */
  public void done() {
    done.countDown();
  }

  /** Waits (from a shutdown hook) until the interrupted drill has put the pair back. */
  public void awaitDone(Duration timeout) {
    try {
      done.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * {@code art32 recover}: brings the pair back using the journal a killed drill left behind.
   * Throws {@link DrillFailedException} (exit 4) with instructions when it cannot.
   */
  public DrillEvidence.Failback recover(PairConfig pair) {
    checkAllowed(pair);
    Journal journal = Journal.open(journalDir, pair.name());
    say(
        "journal "
            + journal.file()
            + ": drill "
            + journal.state().drillId()
            + " stopped in phase '"
            + journal.state().phase()
            + "'");
    DrillNode primary = new DrillNode("primary", pair.primary(), connector);
    DrillNode replica = new DrillNode("replica", pair.replica(), connector);
    Recovery.Result result =
        new Recovery(connector, pair.drill().timeout())
            .restore(journal.state(), pair, primary, replica);
    journal.finish();
    result.failback().actions().forEach(a -> say("  " + a));
    return result.failback();
  }

  /** Refuses pairs a drill must not touch, before any connection: production, no credentials. */
  public static void checkAllowed(PairConfig pair) {
    if (pair.environment() != Environment.STAGING) {
      throw new UsageException(
          "pair '"
              + pair.name()
              + "' is "
              + pair.environment().name().toLowerCase(java.util.Locale.ROOT)
              + ": drills run only on staging pairs (set environment: staging on a staging copy)");
    }
    if (pair.drill().replication() == null) {
      throw new UsageException(
          "pair '"
              + pair.name()
              + "' has no pairs["
              + pair.name()
              + "].drill.replication: art32 needs the replication account (user and password or optionFile) to rejoin the old primary after the drill");
    }
  }

  public DrillOutcome run(PairConfig pair, RuleBook rules, String configFile) {
    checkAllowed(pair);
    DrillConfig config = pair.drill();
    String drillId = newId();
    Instant startedAt = clock.instant();
    long deadline = System.nanoTime() + config.timeout().toNanos();
    DrillNode primary = new DrillNode("primary", pair.primary(), connector);
    DrillNode replica = new DrillNode("replica", pair.replica(), connector);
    Timeline timeline = new Timeline(clock);
    say("pre-flight checks on " + primary + " and " + replica);
    timeline.mark("pre-flight", "");
    Preflight.Result preflight =
        new Preflight(pair, primary, replica, rules.area("drill").references()).run();
    if (!preflight.passed()) {
      return new DrillOutcome(null, preflight.findings(), ExitCode.FINDINGS_FAILED, null);
    }
    Fault fault = fault(config, preflight, primary);
    Journal journal =
        Journal.begin(
            journalDir,
            new Journal.State(
                drillId,
                pair.name(),
                configFile,
                startedAt,
                "planned",
                List.of(),
                config.failback().name(),
                fault,
                config.canarySchema(),
                List.of(),
                false,
                false,
                preflight.toPrimary(),
                preflight.toReplica(),
                null));
    Secret canaryPassword = new Secret(randomPassword(), "generated for this drill");
    Redactor redactor =
        new Redactor()
            .add(pair.primary().password())
            .add(pair.replica().password())
            .add(config.replication().password())
            .add(canaryPassword);
    Run run =
        new Run(
            pair, drillId, startedAt, primary, replica, timeline, journal, fault, redactor,
            deadline);
    return run.execute(canaryPassword, preflight.findings(), rules);
  }

  /** The drill after pre-flight: everything from here on is undone by failback or recovery. */
  private final class Run {
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
    private Instant faultAt;
    private DrillEvidence.Rpo rpo;
    private DrillEvidence.Rto rto;
    private DrillEvidence.Fencing fencing;
    private DrillEvidence.GtidCheck gtids;
    private DrillEvidence.Failback failback;
    private List<DrillEvidence.TableCheck> tables = List.of();
    private DrillEvidence.Canary canaryEvidence;
    private String aborted;

    Run(
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

    DrillOutcome execute(Secret canaryPassword, List<Finding> preflight, RuleBook rules) {
      DrillConfig config = pair.drill();
      String instructions = null;
      ExitCode exit = ExitCode.OK;
      try {
        startCanary(canaryPassword);
        checkCancelled();
        injectFault();
        promote();
        measureLoss();
      } catch (Art32Exception | IllegalStateException e) {
        aborted = redactor.clean(e.getMessage());
        timeline.mark("aborted", aborted);
        say("drill aborted: " + aborted + "; putting the pair back");
      } finally {
        if (canary != null) {
          canary.stop();
        }
      }
      try {
        journal.enter("failback");
        say("failback (" + config.failback().name().toLowerCase(java.util.Locale.ROOT) + ")");
        timeline.mark("failback started", "");
        Recovery.Result restored =
            new Recovery(connector, remaining()).restore(journal.state(), pair, primary, replica);
        gtids = restored.gtids() == null ? gtids : withCanaryCrossCheck(restored.gtids());
        if (restored.fencing() != null && (fencing == null || !fencing.verified())) {
          fencing =
              fencing == null
                  ? restored.fencing()
                  : new DrillEvidence.Fencing(
                      restored.fencing().when(),
                      restored.fencing().verified(),
                      fencing.detail() + "; then " + restored.fencing().detail());
        }
        failback = restored.failback();
        tables = restored.tables();
        timeline.mark("pair healthy", failback.detail());
        journal.finish();
      } catch (DrillFailedException e) {
        instructions = e.instructions();
        exit = ExitCode.PAIR_NOT_RESTORED;
        failback =
            new DrillEvidence.Failback(
                config.failback().name().toLowerCase(java.util.Locale.ROOT),
                false,
                null,
                null,
                redactor.clean(e.getMessage()),
                List.of(),
                instructions);
        timeline.mark("failback failed", redactor.clean(e.getMessage()));
      } catch (Art32Exception e) {
        instructions =
            "Run `art32 recover --pair "
                + pair.name()
                + "` once the nodes are reachable; the journal "
                + journal.file()
                + " records what the drill did.";
        exit = ExitCode.PAIR_NOT_RESTORED;
        failback =
            new DrillEvidence.Failback(
                config.failback().name().toLowerCase(java.util.Locale.ROOT),
                false,
                null,
                null,
                redactor.clean(e.getMessage()),
                List.of(),
                instructions);
        timeline.mark("failback failed", redactor.clean(e.getMessage()));
      }
      DrillEvidence evidence =
          new DrillEvidence(
              drillId,
              config.fault().name().toLowerCase(java.util.Locale.ROOT),
              redactor.clean(fault.describe()),
              config.promotion() == DrillConfig.Promotion.RUNBOOK
                  ? "runbook (" + pair.runbook().size() + " steps)"
                  : "built-in",
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
              aborted);
      List<Finding> findings = new ArrayList<>(preflight);
      findings.addAll(DrillFindings.of(evidence, pair.objectives(), rules));
      return new DrillOutcome(evidence, findings, exit, instructions);
    }

    private void startCanary(Secret password) {
      journal.enter("canary");
      DrillConfig config = pair.drill();
      Set<String> hosts = new LinkedHashSet<>();
      hosts.add(clientHost(primary));
      hosts.add(clientHost(replica));
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
      canary =
          new CanaryLoad(
              drillId,
              config.canarySchema(),
              pair.primary(),
              pair.replica(),
              password,
              connector,
              config.canaryConnections());
      say(
          "canary load on "
              + config.canarySchema()
              + "."
              + CanaryLoad.TABLE
              + " with "
              + config.canaryConnections()
              + " connection(s), warming up "
              + config.warmup().toMillis()
              + " ms");
      long start = System.nanoTime();
      timeline.mark("canary started", config.canaryConnections() + " connection(s)");
      canary.start();
      sleep(config.warmup().toMillis());
      double seconds = (System.nanoTime() - start) / 1e9;
      canaryEvidence =
          new DrillEvidence.Canary(
              config.canarySchema(),
              config.canaryConnections(),
              0,
              Math.round(canary.ackedOnPrimary() / seconds * 10) / 10.0,
              0);
    }

    private void injectFault() {
      journal.enter("fault");
      say("injecting fault: " + redactor.clean(fault.describe()));
      long at = System.nanoTime();
      faultAt = clock.instant();
      timeline.faultAt(at);
      timeline.markAt("fault injected", redactor.clean(fault.describe()), at, faultAt);
      fault.inject(primary);
      timeline.mark("fault in place", "");
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
      say(
          "promoting the replica ("
              + (pair.drill().promotion() == DrillConfig.Promotion.RUNBOOK ? "runbook" : "built-in")
              + ")");
      long promotionStart = System.nanoTime();
      steps.addAll(new Promotion(pair, replica, timeline, redactor, env()).run());
      long promotionEnd = System.nanoTime();
      java.util.concurrent.CompletableFuture<DrillEvidence.Fencing> fenced =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                DrillEvidence.Fencing f = Fencing.atPromotion(primary);
                timeline.mark("fencing " + f.when(), f.detail());
                return f;
              });
      canary.switchToPromoted();
      long budget = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      long first =
          canary.awaitFirstPromotedCommit(
              Math.min(budget, pair.objectives().rto().toMillis() * 2 + 5_000));
      List<DrillEvidence.Phase> phases = new ArrayList<>();
      phases.add(
          new DrillEvidence.Phase(
              "fault to promotion start", 0, Millis.round(timeline.sinceFault(promotionStart))));
      for (DrillEvidence.Step step : steps) {
        phases.add(new DrillEvidence.Phase(step.name(), step.startMs(), step.durationMs()));
      }
      Instant firstWriteAt = null;
      Double ms = null;
      if (first != Long.MIN_VALUE) {
        firstWriteAt = clock.instant().minusNanos(System.nanoTime() - first);
        ms = Millis.round(timeline.sinceFault(first));
        timeline.markAt("first canary commit on the promoted node", "", first, firstWriteAt);
        phases.add(
            new DrillEvidence.Phase(
                "first write after promotion",
                Millis.round(timeline.sinceFault(promotionEnd)),
                Millis.of(first - promotionEnd)));
        say("first write committed on the promoted node " + ms + " ms after the fault");
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
      } else {
        timeline.mark(
            "no commit on the promoted node",
            canary.lastError() == null ? "" : redactor.clean(canary.lastError()));
        say("no write committed on the promoted node: " + redactor.clean(canary.lastError()));
      }
      sleep(200);
      fencing = fenced.join();
      rto = new DrillEvidence.Rto(ms, firstWriteAt, phases);
    }

    private void measureLoss() {
      canary.stop();
      journal.enter("measure");
      String commonPoint = replica.string(replica.dialect().replicatedGtidsSql());
      journal.update(s -> s.withCommonPoint(commonPoint));
      Set<Long> present = PairRestorer.seqs(replica, pair.drill().canarySchema());
      rpo = Loss.measure(canary.acks(), present);
      long afterPromotion = canary.acks().stream().filter(CanaryLoad.Ack::promoted).count();
      canaryEvidence =
          new DrillEvidence.Canary(
              canaryEvidence.schema(),
              canaryEvidence.connections(),
              canary.ackedOnPrimary(),
              canaryEvidence.commitsPerSecond(),
              afterPromotion);
      say(
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
      return new DrillEvidence.GtidCheck(
          check.assessed(),
          check.oldPrimaryGtids(),
          check.promotedGtids(),
          check.commonPoint(),
          check.missingCount(),
          check.missing(),
          check.transactions(),
          agrees,
          check.note()
              + (agrees
                  ? "; at least as many as the "
                      + rpo.lost()
                      + " acknowledged canary commits found missing"
                  : "; FEWER than the "
                      + rpo.lost()
                      + " acknowledged canary commits found missing"));
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

  static Fault fault(DrillConfig config, Preflight.Result preflight, DrillNode primary) {
    boolean mysql = primary.dialect().flavor().equals("MySQL");
    LocalServer server = preflight.server().orElse(null);
    return switch (config.fault()) {
      case KILL -> new Fault.Kill(server, mysql);
      case STOP -> new Fault.Stop(server, mysql, config.recoverCommand());
      case FREEZE -> new Fault.Freeze(server);
      case PARTITION -> new Fault.Partition(primary.config().port(), "art32-drill");
      case COMMAND -> new Fault.Command(config.faultCommand(), config.recoverCommand());
    };
  }

  private static String clientHost(DrillNode node) {
    String user = node.string("SELECT USER()");
    return user.substring(user.lastIndexOf('@') + 1);
  }

  private void say(String line) {
    if (progress != null) {
      progress.println("drill: " + line);
      progress.flush();
    }
  }

  private static String newId() {
    byte[] bytes = new byte[6];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static String randomPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return "C" + HexFormat.of().formatHex(bytes) + "a!";
  }

  private void sleep(long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    while (System.nanoTime() < end) {
      checkCancelled();
      try {
        Thread.sleep(Math.min(20, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EnvironmentException("interrupted");
      }
    }
  }

  private void checkCancelled() {
    if (cancelled.get()) {
      throw new EnvironmentException("interrupted (Ctrl-C or termination signal)");
    }
  }
}
