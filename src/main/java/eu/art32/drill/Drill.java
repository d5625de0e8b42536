package eu.art32.drill;

import eu.art32.Art32Exception;
import eu.art32.EnvironmentException;
import eu.art32.ExitCode;
import eu.art32.Redactor;
import eu.art32.UsageException;
import eu.art32.config.DrillConfig;
import eu.art32.config.Environment;
import eu.art32.config.PairConfig;
import eu.art32.config.Secret;
import eu.art32.evidence.DrillEvidence;
import eu.art32.rules.RuleBook;
import eu.art32.topology.NodeConnector;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final CountDownLatch done = new CountDownLatch(1);

  NodeConnector connector() {
    return connector;
  }

  Clock clock() {
    return clock;
  }

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
      done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
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
            + journal.state().plan().drillId()
            + " stopped in phase '"
            + journal.state().phase()
            + "'");
    DrillNode primary = new DrillNode("primary", pair.primary(), connector);
    DrillNode replica = new DrillNode("replica", pair.replica(), connector);
    Redactor redactor =
        new Redactor()
            .add(pair.primary().password())
            .add(pair.replica().password())
            .add(pair.drill().replication().password());
    Recovery.Result result;
    try {
      result =
          new Recovery(connector, pair.drill().timeout())
              .restore(journal.state(), pair, primary, replica);
    } catch (DrillFailedException e) {
      throw e.instructionsText() != null
          ? new DrillFailedException(
              redactor.clean(e.getMessage()), e.instructionsText().mapValues(redactor::clean), e)
          : new DrillFailedException(
              redactor.clean(e.getMessage()), redactor.clean(e.instructions()), e);
    } catch (Art32Exception e) {
      throw new DrillFailedException(
          redactor.clean(e.getMessage()),
          "The journal " + journal.file() + " is kept; run art32 recover again once this is fixed.",
          e);
    }
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
              + pair.environment().name().toLowerCase(Locale.ROOT)
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
            Journal.State.begin(
                new Journal.Plan(
                    drillId,
                    pair.name(),
                    configFile,
                    startedAt,
                    config.failback().name(),
                    fault,
                    config.canarySchema(),
                    preflight.toPrimary(),
                    preflight.toReplica())));
    Secret canaryPassword = new Secret(randomPassword(), "generated for this drill");
    Redactor redactor =
        new Redactor()
            .add(pair.primary().password())
            .add(pair.replica().password())
            .add(config.replication().password())
            .add(canaryPassword);
    DrillRun run =
        new DrillRun(
            this, pair, drillId, startedAt, primary, replica, timeline, journal, fault, redactor,
            deadline);
    return run.execute(canaryPassword, preflight.findings(), preflight.endpoint(), rules);
  }

  static Fault fault(DrillConfig config, Preflight.Result preflight, DrillNode primary) {
    List<String> fence = primary.dialect().fencedStartOptions();
    LocalServer server = preflight.server().orElse(null);
    return switch (config.fault()) {
      case KILL -> new Fault.Kill(server, fence);
      case STOP ->
          new Fault.Stop(server, fence, primary.dialect().shutdownSql(), config.recoverCommand());
      case FREEZE -> new Fault.Freeze(server);
      case PARTITION -> new Fault.Partition(primary.config().port(), "art32-drill");
      case COMMAND -> new Fault.Command(config.faultCommand(), config.recoverCommand());
    };
  }

  static String clientHost(DrillNode node) {
    String user = node.string("SELECT USER()");
    return user.substring(user.lastIndexOf('@') + 1);
  }

  void say(String line) {
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

  void sleep(long millis) {
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

  void checkCancelled() {
    if (cancelled.get()) {
      throw new EnvironmentException("interrupted (Ctrl-C or termination signal)");
    }
  }
}
