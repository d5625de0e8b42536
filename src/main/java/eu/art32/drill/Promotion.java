package eu.art32.drill;

import eu.art32.Art32Exception;
import eu.art32.Redactor;
import eu.art32.Shell;
import eu.art32.config.DrillConfig;
import eu.art32.config.PairConfig;
import eu.art32.config.RunbookStep;
import eu.art32.evidence.DrillEvidence;
import eu.art32.topology.Dialect;
import eu.art32.topology.NodeConnector;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Promotes the replica: the pair's own runbook (shell commands and SQL, each with its timeout and
 * timed separately) or art32's built-in promotion. A failed step stops the runbook; what ran is
 * recorded either way.
 */
final class Promotion {
  /** How long the received position must stay put while the IO thread still has its source. */
  private static final Duration QUIET = Duration.ofMillis(200);

  /** A step before it runs: what the plan prints and what the promotion executes. */
  record Planned(
      String name, RunbookStep.Kind kind, RunbookStep.Target on, String text, Duration timeout) {}

  private final PairConfig pair;
  private final DrillNode replica;
  private final Timeline timeline;
  private final Redactor redactor;
  private final Map<String, String> env;

  Promotion(
      PairConfig pair,
      DrillNode replica,
      Timeline timeline,
      Redactor redactor,
      Map<String, String> env) {
    this.pair = pair;
    this.replica = replica;
    this.timeline = timeline;
    this.redactor = redactor;
    this.env = Map.copyOf(env);
  }

  /** The steps in order. The built-in promotion first waits for received transactions to apply. */
  static List<Planned> plan(PairConfig pair, Dialect dialect) {
    if (pair.drill().promotion() == DrillConfig.Promotion.EXTERNAL) {
      return List.of();
    }
    if (pair.drill().promotion() == DrillConfig.Promotion.RUNBOOK) {
      return pair.runbook().stream()
          .map(s -> new Planned(s.name(), s.kind(), s.on(), s.text(), s.timeout()))
          .toList();
    }
    Duration bound = pair.drill().maxLag();
    List<Planned> steps = new ArrayList<>();
    steps.add(
        new Planned(
            "apply received transactions",
            RunbookStep.Kind.SQL,
            RunbookStep.Target.REPLICA,
            dialect
                .waitForGtidsSql()
                .replaceFirst("\\?", "<received GTIDs>")
                .replaceFirst("\\?", Long.toString(bound.toSeconds())),
            bound.plusSeconds(5)));
    steps.add(step("stop replication", dialect.stopReplicaSql()));
    steps.add(step("forget the old primary", dialect.resetReplicaAllSql()));
    steps.add(step("accept writes", String.join("; ", dialect.writableSql())));
    return steps;
  }

  private static Planned step(String name, String sql) {
    return new Planned(
        name, RunbookStep.Kind.SQL, RunbookStep.Target.REPLICA, sql, Duration.ofSeconds(30));
  }

  List<DrillEvidence.Step> run() {
    List<DrillEvidence.Step> done = new ArrayList<>();
    boolean builtin = pair.drill().promotion() == DrillConfig.Promotion.BUILTIN;
    Map<RunbookStep.Target, Connection> sessions = new EnumMap<>(RunbookStep.Target.class);
    try {
      for (Planned step : plan(pair, replica.dialect())) {
        long start = System.nanoTime();
        timeline.mark("step started", step.name());
        Outcome outcome =
            builtin && done.isEmpty()
                ? applyReceived(sessions, step.timeout())
                : execute(sessions, step);
        long end = System.nanoTime();
        timeline.mark("step " + outcome.status(), step.name());
        done.add(
            new DrillEvidence.Step(
                step.name(),
                step.kind().name().toLowerCase(Locale.ROOT),
                step.on().name().toLowerCase(Locale.ROOT),
                redactor.clean(step.text()),
                Millis.round(timeline.sinceFault(start)),
                Millis.of(end - start),
                outcome.status(),
                redactor.clean(outcome.output())));
        if (!outcome.status().equals("ok") && !(builtin && done.size() == 1)) {
          break;
        }
      }
    } finally {
      sessions.values().forEach(Promotion::closeQuietly);
    }
    return done;
  }

  private record Outcome(String status, String output) {}

  private Outcome applyReceived(Map<RunbookStep.Target, Connection> sessions, Duration timeout) {
    try {
      Connection c = session(sessions, RunbookStep.Target.REPLICA, timeout);
      long deadline = System.nanoTime() + timeout.minusSeconds(5).toNanos();
      Map<String, String> status = replica.replicaStatus(c);
      String received = replica.dialect().receivedGtids(status);
      long unchangedSince = System.nanoTime();
      boolean applied;
      // the source may still be sending as it shuts down (a clean stop ends once the dump thread
      // has sent the last event, not once the replica has read it): apply what arrived until the
      // IO thread has lost its source or nothing new came for QUIET
      while (true) {
        applied = replica.awaitGtids(c, received, Duration.ofNanos(deadline - System.nanoTime()));
        if (!applied) {
          break;
        }
        status = replica.replicaStatus(c);
        String again = replica.dialect().receivedGtids(status);
        if (!again.equals(received)) {
          received = again;
          unchangedSince = System.nanoTime();
          continue;
        }
        boolean connected = "Yes".equalsIgnoreCase(status.get("Slave_IO_Running"));
        if (!connected || System.nanoTime() - unchangedSince >= QUIET.toNanos()) {
          break;
        }
        if (System.nanoTime() > deadline) {
          applied = false;
          break;
        }
        Thread.sleep(20);
      }
      return new Outcome(
          applied ? "ok" : "timed out",
          "received up to " + (received.isBlank() ? "(nothing)" : received));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome("failed", "interrupted");
    } catch (SQLException | Art32Exception e) {
      return new Outcome("failed", e.getMessage());
    }
  }

  private Outcome execute(Map<RunbookStep.Target, Connection> sessions, Planned step) {
    if (step.kind() == RunbookStep.Kind.COMMAND) {
      Shell.Result result = Shell.run(step.text(), step.timeout(), env);
      String status = result.timedOut() ? "timed out" : result.exitCode() == 0 ? "ok" : "failed";
      return new Outcome(
          status,
          (result.exitCode() == 0 ? "" : "exit " + result.exitCode() + "\n") + result.output());
    }
    try {
      Connection c = session(sessions, step.on(), step.timeout());
      try (Statement s = c.createStatement()) {
        for (String sql : step.text().split(";")) {
          if (!sql.isBlank()) {
            s.execute(sql.trim());
          }
        }
      }
      return new Outcome("ok", "");
    } catch (SQLException | Art32Exception e) {
      sessions.remove(step.on());
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      return new Outcome(message.contains("timed out") ? "timed out" : "failed", message);
    }
  }

  /**
   * One session per node for the whole promotion, as a person at a console would have; its network
   * timeout is set to each step's timeout.
   */
  private Connection session(
      Map<RunbookStep.Target, Connection> sessions, RunbookStep.Target on, Duration timeout)
      throws SQLException {
    Connection c = sessions.get(on);
    if (c == null) {
      NodeConnector bounded = new NodeConnector(min(timeout, Duration.ofSeconds(5)), timeout);
      c =
          on == RunbookStep.Target.PRIMARY
              ? bounded.connect("primary", pair.primary())
              : bounded.connect("replica", replica.config());
      sessions.put(on, c);
    }
    c.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    return c;
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException | RuntimeException ignored) {
      // closing a session to a node that may be gone
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }
}
