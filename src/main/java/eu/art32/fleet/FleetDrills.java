package eu.art32.fleet;

import eu.art32.Art32Exception;
import eu.art32.ExitCode;
import eu.art32.UsageException;
import eu.art32.audit.AuditResult;
import eu.art32.config.Art32Config;
import eu.art32.config.Environment;
import eu.art32.config.PairConfig;
import eu.art32.drill.Drill;
import eu.art32.drill.DrillOutcome;
import eu.art32.evidence.Catalogue;
import eu.art32.evidence.Finding;
import eu.art32.evidence.Severity;
import eu.art32.evidence.Status;
import eu.art32.evidence.Text;
import eu.art32.rules.RuleBook;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The drills of a fleet run ({@code art32 run --drill}): which selected pairs may be drilled, the
 * drills themselves ({@link DrillScheduler}: never two on a shared host, at most {@code max} at
 * once), the failed finding a drill that broke off leaves, the config with the roles of every pair
 * a drill left swapped, and the exit code the drills and the audit give together.
 */
public final class FleetDrills {
  /** Where the run says what happens to each pair. */
  public interface Listener {
    void note(String pair, String text);

    /** The lines a pair's drill prints as it goes; closed when the drill ends. */
    PrintWriter progress(String pair);
  }

  /** Each drilled pair's outcome, in config order, and the config as the drills left the roles. */
  public record Outcomes(Map<String, DrillOutcome> drills, Art32Config config) {
    public Outcomes {
      drills = Collections.unmodifiableMap(new LinkedHashMap<>(drills));
    }
  }

  private final RuleBook book;
  private final Art32Config config;
  private final Path journalDir;
  private final Clock clock;
  private final Listener listener;

  public FleetDrills(
      RuleBook book, Art32Config config, Path journalDir, Clock clock, Listener listener) {
    this.book = book;
    this.config = config;
    this.journalDir = journalDir;
    this.clock = clock;
    this.listener = listener;
  }

  /** The staging pairs a drill may run on; each other staging pair is noted with the reason. */
  public List<PairConfig> drillable(List<PairConfig> selected) {
    List<PairConfig> candidates = new ArrayList<>();
    for (PairConfig p : selected) {
      if (p.environment() != Environment.STAGING) {
        continue;
      }
      try {
        Drill.checkAllowed(p);
        candidates.add(p);
      } catch (UsageException e) {
        listener.note(p.name(), "no drill: " + e.getMessage());
      }
    }
    return candidates;
  }

  /** Drills the candidates, at most {@code max} at once; a drill that breaks off is recorded. */
  public Outcomes run(List<PairConfig> candidates, int max) {
    Map<String, DrillOutcome> drills = new DrillScheduler(max, this::drillOne).run(candidates);
    Art32Config now = config;
    for (var e : drills.entrySet()) {
      if (e.getValue().rolesSwapped()) {
        now = now.withRolesSwapped(e.getKey());
        listener.note(
            e.getKey(), "roles are swapped now; exchange primary and replica in " + config.file());
      }
    }
    return new Outcomes(drills, now);
  }

  private DrillOutcome drillOne(PairConfig p) {
    try (PrintWriter lines = listener.progress(p.name())) {
      Drill d = new Drill(clock, lines, journalDir);
      try {
        DrillOutcome outcome = d.run(p, book, config.file().toString());
        listener.note(
            p.name(),
            "drill done"
                + (outcome.evidence() != null && outcome.evidence().rto() != null
                    ? ", RTO " + outcome.evidence().rto().ms() + " ms"
                    : ""));
        return outcome;
      } catch (Art32Exception e) {
        listener.note(p.name(), "drill aborted: " + e.getMessage());
        return aborted(e);
      } finally {
        d.done();
      }
    }
  }

  /** A drill that broke off: a failed finding, so the report and the exit code show it. */
  private DrillOutcome aborted(Art32Exception e) {
    return new DrillOutcome(
        null,
        List.of(
            Finding.said(
                "DRILL-ABORTED",
                "The drill ran to its end",
                "drill",
                Severity.HIGH,
                Status.FAIL,
                Text.of("drill.aborted", String.valueOf(e.getMessage())),
                Text.of("drill.aborted.expected"),
                "A drill that breaks off proves nothing about restoring the pair.",
                Catalogue.english().word("fix.drill.brokeOff"),
                book.area("drill").references())),
        e.exitCode() == ExitCode.PAIR_NOT_RESTORED
            ? ExitCode.PAIR_NOT_RESTORED
            : ExitCode.ENVIRONMENT,
        null);
  }

  /**
   * 4 when a drill left a pair unrestored, else 3 for an unreadable pair or aborted drill, else the
   * gate.
   */
  public static int exitCode(AuditResult result, Map<String, DrillOutcome> drills) {
    int code = result.exitCode().code();
    for (DrillOutcome o : drills.values()) {
      if (o.exitCode() == ExitCode.PAIR_NOT_RESTORED || o.instructions() != null) {
        return ExitCode.PAIR_NOT_RESTORED.code();
      }
      if (o.exitCode() == ExitCode.ENVIRONMENT) {
        code = Math.max(code, ExitCode.ENVIRONMENT.code());
      }
    }
    return code;
  }
}
