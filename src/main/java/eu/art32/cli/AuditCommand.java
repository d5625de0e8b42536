package eu.art32.cli;

import eu.art32.UsageException;
import eu.art32.audit.AuditProgress;
import eu.art32.audit.AuditRequest;
import eu.art32.audit.AuditResult;
import eu.art32.audit.Auditor;
import eu.art32.config.Art32Config;
import eu.art32.drill.DrillOutcome;
import eu.art32.rules.RuleBook;
import eu.art32.topology.NodeConnector;
import eu.art32.topology.TopologyProbe;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description =
        "Read both nodes of each pair, judge them against rules/, write evidence.json, report.html and report.pdf.")
final class AuditCommand implements Callable<Integer> {
  private final Context context;

  @Mixin CommonOptions common;

  @Mixin OutputMixin output;

  @Mixin SelectionMixin select;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "art32-report",
      description = "Directory for evidence and reports (default: ${DEFAULT-VALUE}).")
  Path out;

  AuditCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    RuleBook book = common.ruleBook();
    Art32Config config =
        output.load(() -> common.loadConfig(context, book), out, common::templateResources);
    config.select(select.pair, select.tags); // an unknown pair or tag is said before the outputs
    output.check(out, config, common::templateResources);
    common.geoip(config);
    Terminal terminal = output.terminal(context);
    AuditResult result =
        audit(
            config, book, common, output, select.selection(terminal), out, "art32 audit", Map.of());
    Summary.print(context, terminal, result, result.exitCode().code());
    return result.exitCode().code();
  }

  /** Which pairs, how many at once, and who hears of progress. */
  record Selection(String pair, List<String> tags, int parallel, AuditProgress progress) {
    Selection {
      if (parallel < 1) {
        throw new UsageException("--parallel: at least 1, found " + parallel);
      }
    }

    static Selection one(String pair) {
      return new Selection(pair, List.of(), 1, AuditProgress.NONE);
    }
  }

  static AuditResult audit(
      Art32Config config,
      RuleBook book,
      CommonOptions common,
      OutputMixin output,
      Selection selection,
      Path out,
      String command,
      Map<String, DrillOutcome> drills) {
    Auditor auditor = new Auditor(new TopologyProbe(NodeConnector.defaults()), Clock.systemUTC());
    return auditor.run(
        new AuditRequest(
            config,
            selection.pair(),
            out,
            book,
            common.templateResources(),
            command,
            drills,
            common.geoip(config),
            output.options(config),
            output.deep,
            selection.tags(),
            selection.parallel(),
            output.waivers(),
            selection.progress()));
  }
}
