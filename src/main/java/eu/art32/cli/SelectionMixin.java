package eu.art32.cli;

import eu.art32.audit.AuditProgress;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Which pairs a fleet-capable command covers, and how many it audits at once. */
final class SelectionMixin {
  @Option(names = "--pair", paramLabel = "NAME", description = "Only this pair.")
  String pair;

  @Option(
      names = "--tag",
      paramLabel = "TAG",
      description = "Only pairs with this tag (repeatable: any of them).")
  List<String> tags = new ArrayList<>();

  @Option(
      names = "--parallel",
      paramLabel = "N",
      defaultValue = "4",
      description =
          "Pairs doing active work at once; a pair waiting out its heartbeat window holds no slot (default: ${DEFAULT-VALUE}).")
  int parallel;

  AuditCommand.Selection selection(AuditProgress progress) {
    return new AuditCommand.Selection(pair, tags, parallel, progress);
  }
}
