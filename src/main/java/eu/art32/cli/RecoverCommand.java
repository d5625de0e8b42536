package eu.art32.cli;

import eu.art32.config.Art32Config;
import eu.art32.config.PairConfig;
import eu.art32.drill.Drill;
import eu.art32.drill.DrillFailedException;
import eu.art32.evidence.DrillEvidence;
import eu.art32.rules.RuleBook;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "recover",
    mixinStandardHelpOptions = true,
    description =
        "Bring a pair back after an interrupted drill, using the journal the drill left behind.")
final class RecoverCommand implements Callable<Integer> {
  private final Context context;

  @Mixin CommonOptions common;

  @Option(names = "--pair", required = true, paramLabel = "NAME", description = "The pair.")
  String pair;

  @Mixin JournalMixin journal;

  RecoverCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    RuleBook book = common.ruleBook();
    Art32Config config = common.loadConfig(context, book);
    PairConfig target = config.select(pair).get(0);
    try {
      DrillEvidence.Failback failback =
          new Drill(Clock.systemUTC(), context.out(), journal.dir(config)).recover(target);
      context.out().println("recovered: " + failback.detail());
      return 0;
    } catch (DrillFailedException e) {
      context.err().println("error: " + e.getMessage());
      context.err().println(e.instructions());
      return e.exitCode().code();
    }
  }
}
