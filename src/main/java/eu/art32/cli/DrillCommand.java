package eu.art32.cli;

import eu.art32.UsageException;
import eu.art32.audit.AuditResult;
import eu.art32.config.Art32Config;
import eu.art32.config.DrillConfig;
import eu.art32.config.Fields;
import eu.art32.config.PairConfig;
import eu.art32.drill.Drill;
import eu.art32.drill.DrillOutcome;
import eu.art32.drill.DrillPlan;
import eu.art32.rules.RuleBook;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
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

  @Option(
      names = "--fault",
      paramLabel = "FAULT",
      description =
          "This run's fault instead of drill.fault: kill, stop, freeze, partition or command.")
  String fault;

  @Option(
      names = "--promotion",
      paramLabel = "HOW",
      description =
          "This run's promotion instead of drill.promotion: builtin, runbook or external (a failover manager promotes; art32 watches).")
  String promotion;

  @Option(
      names = "--failback",
      paramLabel = "HOW",
      description = "This run's failback instead of drill.failback: restore or swap.")
  String failback;

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
    Art32Config config =
        overridden(
            output.load(() -> common.loadConfig(context, book), out, common::templateResources));
    PairConfig target = config.select(pair).get(0);
    Drill.checkAllowed(target);
    if (dryRun) {
      DrillPlan.describe(target, journal.dir(config)).forEach(context.out()::println);
      return 0;
    }
    output.check(out, config, common::templateResources);
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

  /** The config with this run's --fault, --promotion and --failback, checked like the file's. */
  private Art32Config overridden(Art32Config config) {
    PairConfig configured = config.select(pair).get(0);
    DrillConfig.Fault f = choice("--fault", fault, DrillConfig.Fault.class);
    DrillConfig.Promotion p = choice("--promotion", promotion, DrillConfig.Promotion.class);
    DrillConfig.Failback b = choice("--failback", failback, DrillConfig.Failback.class);
    if (f == DrillConfig.Fault.COMMAND && configured.drill().faultCommand() == null) {
      throw new UsageException(
          "--fault command needs drill.faultCommand in "
              + config.file()
              + " for pair '"
              + pair
              + "': the command that injects the fault");
    }
    if (p == DrillConfig.Promotion.RUNBOOK && configured.runbook().isEmpty()) {
      throw new UsageException(
          "--promotion runbook needs a 'runbook' list on pair '" + pair + "' in " + config.file());
    }
    return f == null && p == null && b == null
        ? config
        : config.withDrill(pair, d -> d.with(f, p, b));
  }

  private static <E extends Enum<E>> E choice(String option, String value, Class<E> type) {
    if (value == null) {
      return null;
    }
    for (E constant : type.getEnumConstants()) {
      if (Fields.spelling(constant).equals(value)) {
        return constant;
      }
    }
    throw new UsageException(
        option
            + ": expected "
            + String.join(
                ", ", Arrays.stream(type.getEnumConstants()).map(Fields::spelling).toList())
            + ", found '"
            + value
            + "'");
  }

  /** The command as run, with the overrides an auditor needs to see. */
  private String command() {
    return "art32 drill --pair "
        + pair
        + (fault == null ? "" : " --fault " + fault)
        + (promotion == null ? "" : " --promotion " + promotion)
        + (failback == null ? "" : " --failback " + failback);
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
            command(),
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
            target.drill().fault().name().toLowerCase(Locale.ROOT),
            target.primary().address(),
            target.name());
    if (answer == null || !answer.trim().equals(target.name())) {
      throw new UsageException("not confirmed; nothing was touched");
    }
  }
}
