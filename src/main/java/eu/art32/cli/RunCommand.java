package eu.art32.cli;

import eu.art32.UsageException;
import eu.art32.audit.AuditResult;
import eu.art32.config.Art32Config;
import eu.art32.config.PairConfig;
import eu.art32.drill.DrillOutcome;
import eu.art32.fleet.FleetDrills;
import eu.art32.rules.RuleBook;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
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
    output.pairFiles = true; // pairs/<name>/evidence.json, written with the fleet's set
    RuleBook book = common.ruleBook();
    Art32Config config =
        output.load(() -> common.loadConfig(context, book), out, common::templateResources);
    List<PairConfig> selected = config.select(select.pair, select.tags);
    output.check(out, config, common::templateResources);
    common.geoip(config);
    if (maxDrills < 1) {
      throw new UsageException("--max-drills: at least 1, found " + maxDrills);
    }
    Terminal terminal = output.terminal(context);
    FleetDrills fleet =
        new FleetDrills(
            book,
            config,
            journal.dir(config),
            Clock.systemUTC(),
            new FleetDrills.Listener() {
              @Override
              public void note(String pair, String text) {
                terminal.note(pair, text);
              }

              @Override
              public PrintWriter progress(String pair) {
                return terminal.drillLines(pair);
              }
            });
    FleetDrills.Outcomes outcomes = new FleetDrills.Outcomes(Map.of(), config);
    if (drill) {
      List<PairConfig> candidates = fleet.drillable(selected);
      if (!candidates.isEmpty() && !yes) {
        throw new UsageException(
            "--drill injects real faults into "
                + candidates.size()
                + " staging pair(s) ("
                + String.join(", ", candidates.stream().map(PairConfig::name).toList())
                + "): pass --yes to confirm");
      }
      outcomes = fleet.run(candidates, maxDrills);
    }
    Map<String, DrillOutcome> drills = outcomes.drills();
    AuditResult result =
        AuditCommand.audit(
            outcomes.config(),
            book,
            common,
            output,
            select.selection(terminal),
            out,
            "art32 run" + (drill ? " --drill" : ""),
            drills);
    int code = FleetDrills.exitCode(result, drills);
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
      context.out().println("pairs:    " + out.resolve("pairs"));
    }
    return code;
  }
}
