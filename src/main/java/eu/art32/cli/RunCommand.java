package eu.art32.cli;

import eu.art32.Art32Exception;
import eu.art32.ExitCode;
import eu.art32.UsageException;
import eu.art32.audit.AuditResult;
import eu.art32.config.Art32Config;
import eu.art32.config.Environment;
import eu.art32.config.PairConfig;
import eu.art32.drill.Drill;
import eu.art32.drill.DrillOutcome;
import eu.art32.evidence.Finding;
import eu.art32.evidence.Severity;
import eu.art32.evidence.Status;
import eu.art32.rules.RuleBook;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "The fleet run: audit every pair (or --pair / --tag) with --parallel pairs at once, with --drill first drill every selected staging pair (never two sharing a host, at most --max-drills at once), then write one report for the fleet and evidence per pair. One pair's failure is recorded and the others go on.")
final class RunCommand implements Callable<Integer> {
  private final Context context;

  @Mixin CommonOptions common;

  @Mixin OutputMixin output;

  @Mixin SelectionMixin select;

  @Option(
      names = "--drill",
      description = "Drill every selected staging pair before the audit (needs --yes).")
  boolean drill;

  @Option(names = "--yes", description = "Confirm the drills without asking.")
  boolean yes;

  @Option(
      names = "--max-drills",
      paramLabel = "N",
      defaultValue = "1",
      description = "Drills at once, on pairs that share no host (default: ${DEFAULT-VALUE}).")
  int maxDrills;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "art32-report",
      description = "Directory for evidence and reports (default: ${DEFAULT-VALUE}).")
  Path out;

  @Mixin JournalMixin journal;

  RunCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    RuleBook book = common.ruleBook();
    Art32Config config = common.loadConfig(context, book);
    output.check(out);
    common.geoip(config);
    List<PairConfig> selected = config.select(select.pair, select.tags);
    if (maxDrills < 1) {
      throw new UsageException("--max-drills: at least 1, found " + maxDrills);
    }
    Terminal terminal = output.terminal(context);
    Map<String, DrillOutcome> drills = new LinkedHashMap<>();
    Art32Config now = config;
    if (drill) {
      List<PairConfig> candidates = drillable(selected, terminal);
      if (!candidates.isEmpty() && !yes) {
        throw new UsageException(
            "--drill injects real faults into "
                + candidates.size()
                + " staging pair(s) ("
                + String.join(", ", candidates.stream().map(PairConfig::name).toList())
                + "): pass --yes to confirm");
      }
      drills.putAll(
          new DrillScheduler(maxDrills, (p) -> drillOne(p, book, config, terminal))
              .run(candidates));
      for (var e : drills.entrySet()) {
        if (e.getValue().rolesSwapped()) {
          now = now.withRolesSwapped(e.getKey());
          terminal.note(
              e.getKey(),
              "roles are swapped now; exchange primary and replica in " + config.file());
        }
      }
    }
    AuditResult result =
        AuditCommand.audit(
            now,
            book,
            common,
            output,
            select.selection(terminal),
            out,
            "art32 run" + (drill ? " --drill" : ""),
            drills);
    new PairEvidenceFiles(out).write(result.evidence());
    int code = exitCode(result, drills);
    Summary.print(context, terminal, result, code);
    for (var e : drills.entrySet()) {
      if (e.getValue().instructions() != null) {
        context
            .err()
            .println("error: pair " + e.getKey() + " was not restored; a person must act:");
        context.err().println(e.getValue().instructions());
      }
    }
    if (terminal.human()) {
      context.out().println("pairs:    " + out.resolve(PairEvidenceFiles.DIR));
    }
    return code;
  }

  /** Staging pairs a drill may run on; the others are noted and only audited. */
  private List<PairConfig> drillable(List<PairConfig> selected, Terminal terminal) {
    List<PairConfig> candidates = new ArrayList<>();
    for (PairConfig p : selected) {
      if (p.environment() != Environment.STAGING) {
        continue;
      }
      try {
        Drill.checkAllowed(p);
        candidates.add(p);
      } catch (UsageException e) {
        terminal.note(p.name(), "no drill: " + e.getMessage());
      }
    }
    return candidates;
  }

  private DrillOutcome drillOne(
      PairConfig p, RuleBook book, Art32Config config, Terminal terminal) {
    try (var lines = terminal.drillLines(p.name())) {
      Drill d = new Drill(Clock.systemUTC(), lines, journal.dir(config));
      try {
        DrillOutcome outcome = d.run(p, book, config.file().toString());
        terminal.note(
            p.name(),
            "drill done"
                + (outcome.evidence() != null && outcome.evidence().rto() != null
                    ? ", RTO " + outcome.evidence().rto().ms() + " ms"
                    : ""));
        return outcome;
      } catch (Art32Exception e) {
        terminal.note(p.name(), "drill aborted: " + e.getMessage());
        return aborted(p, book, e);
      } finally {
        d.done();
      }
    }
  }

  /** A drill that broke off: a failed finding, so the report and the exit code show it. */
  private static DrillOutcome aborted(PairConfig p, RuleBook book, Art32Exception e) {
    return new DrillOutcome(
        null,
        List.of(
            Finding.said(
                "DRILL-ABORTED",
                "The drill ran to its end",
                "drill",
                Severity.HIGH,
                Status.FAIL,
                eu.art32.evidence.Text.of("drill.aborted", String.valueOf(e.getMessage())),
                eu.art32.evidence.Text.of("drill.aborted.expected"),
                "A drill that breaks off proves nothing about restoring the pair.",
                eu.art32.evidence.Catalogue.english().word("fix.drill.brokeOff"),
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
  static int exitCode(AuditResult result, Map<String, DrillOutcome> drills) {
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
