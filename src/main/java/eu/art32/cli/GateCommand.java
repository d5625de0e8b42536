package eu.art32.cli;

import eu.art32.audit.AuditResult;
import eu.art32.config.Art32Config;
import eu.art32.evidence.Finding;
import eu.art32.rules.RuleBook;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "gate",
    mixinStandardHelpOptions = true,
    description =
        "The CI gate: audit checks only, never a drill. Exit 0 when no FAIL finding at or above --fail-on remains (after --waivers), 1 when one does, 3 when a pair cannot be read. Writes junit.xml and summary.md for the CI job beside the reports.")
final class GateCommand implements Callable<Integer> {
  private final Context context;

  @Mixin CommonOptions common;

  @Mixin OutputMixin output;

  @Mixin SelectionMixin select;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "art32-gate",
      description = "Directory for evidence, junit.xml and summary.md (default: ${DEFAULT-VALUE}).")
  Path out;

  GateCommand(Context context) {
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
        AuditCommand.audit(
            config, book, common, output, select.selection(terminal), out, "art32 gate", Map.of());
    int code = result.exitCode().code();
    Summary.print(context, terminal, result, code);
    if (terminal.human()) {
      List<Finding> failing =
          result.evidence().pairs().stream()
              .flatMap(p -> p.findings().stream())
              .filter(result.gate()::fails)
              .toList();
      context
          .out()
          .printf(
              "gate: %s (%d finding(s) fail at --fail-on %s; exit %d)%n",
              code == 0 ? "PASS" : "FAIL",
              failing.size(),
              result.gate().failOn().name().toLowerCase(Locale.ROOT),
              code);
    }
    return code;
  }
}
