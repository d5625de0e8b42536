package eu.art32.cli;

import eu.art32.UsageException;
import eu.art32.audit.AuditResult;
import eu.art32.config.Art32Config;
import eu.art32.config.PairConfig;
import eu.art32.drill.Drill;
import eu.art32.drill.DrillOutcome;
import eu.art32.drill.DrillPlan;
import eu.art32.rules.RuleBook;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "drill",
    mixinStandardHelpOptions = true,
    description =
        "Run a real failover drill on a staging pair: canary load, fault, promotion, measured RPO and RTO, fencing, failback. Then audit the pair and write the reports.")
final class DrillCommand implements Callable<Integer> {
  private final Context context;

  @Mixin CommonOptions common;

  @Mixin OutputMixin output;

  @Option(
      names = "--pair",
      required = true,
      paramLabel = "NAME",
      description = "The pair to drill.")
  String pair;

  @Option(names = "--yes", description = "Confirm the destructive drill without asking.")
  boolean yes;

  @Option(
      names = "--dry-run",
      description = "Print every step, command and SQL statement of the drill; touch nothing.")
  boolean dryRun;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "art32-report",
      description = "Directory for evidence and reports (default: ${DEFAULT-VALUE}).")
  Path out;

  @Mixin JournalMixin journal;

  DrillCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    RuleBook book = common.ruleBook();
    Art32Config config = common.loadConfig(context, book);
    PairConfig target = config.select(pair).get(0);
    Drill.checkAllowed(target);
    if (dryRun) {
      DrillPlan.describe(target, journal.dir(config)).forEach(context.out()::println);
      return 0;
    }
    output.check(out);
    common.geoip(config);
    confirm(target);
    // one event stream for the whole command: progress lines, or drill events with --json
    Terminal terminal = output.terminal(context);
    PrintWriter lines = terminal.drillLines(pair);
    Drill drill = new Drill(Clock.systemUTC(), lines, journal.dir(config));
    Thread hook =
        new Thread(
            () -> {
              drill.cancel();
              drill.awaitDone(target.drill().timeout().plusMinutes(1));
            },
            "art32-drill-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return run(drill, config, book, target, terminal);
    } finally {
      lines.close();
      drill.done();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it waited for this drill
      }
    }
  }

  private int run(
      Drill drill, Art32Config config, RuleBook book, PairConfig target, Terminal terminal) {
    DrillOutcome outcome = drill.run(target, book, config.file().toString());
    Art32Config now = outcome.rolesSwapped() ? config.withRolesSwapped(pair) : config;
    AuditResult result =
        AuditCommand.audit(
            now,
            book,
            common,
            output,
            AuditCommand.Selection.one(pair),
            out,
            "art32 drill --pair " + pair,
            Map.of(pair, outcome));
    if (terminal.human()) {
      DrillSummary.print(context.out(), outcome);
    }
    if (outcome.rolesSwapped()) {
      terminal.note(
          pair,
          "roles are swapped now: "
              + target.replica().address()
              + " is the primary; exchange primary and replica of pair '"
              + pair
              + "' in "
              + config.file()
              + " (the audit above used the new roles)");
    }
    Summary.print(context, terminal, result, result.exitCode().code());
    if (outcome.instructions() != null) {
      context.err().println("error: the pair was not restored; a person must act:");
      context.err().println(outcome.instructions());
      return outcome.exitCode().code();
    }
    return result.exitCode().code();
  }

  private void confirm(PairConfig target) {
    if (yes) {
      return;
    }
    Console console = System.console();
    if (console == null) {
      throw new UsageException(
          "a drill injects a real fault into pair '"
              + target.name()
              + "': pass --yes to confirm, or run it in a terminal to be asked");
    }
    String answer =
        console.readLine(
            "This drill will %s the primary %s of pair '%s'. Type the pair name to go on: ",
            target.drill().fault().name().toLowerCase(java.util.Locale.ROOT),
            target.primary().address(),
            target.name());
    if (answer == null || !answer.trim().equals(target.name())) {
      throw new UsageException("not confirmed; nothing was touched");
    }
  }
}
