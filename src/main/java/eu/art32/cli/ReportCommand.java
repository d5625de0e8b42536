package eu.art32.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.art32.EnvironmentException;
import eu.art32.UsageException;
import eu.art32.evidence.RunEvidence;
import eu.art32.report.ReportFiles;
import eu.art32.report.ReportWriter;
import eu.art32.rules.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description =
        "Render the reports again from a stored evidence.json (another language, new templates) without touching any server.")
final class ReportCommand implements Callable<Integer> {
  private final Context context;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "FILE",
      description = "An evidence.json written by art32.")
  Path from;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "art32-report",
      description = "Directory for the re-rendered files (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--templates",
      paramLabel = "DIR",
      description = "Read report templates from DIR.")
  Path templates;

  @Mixin OutputMixin output;

  ReportCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    JsonNode tree;
    try {
      tree = new ObjectMapper().readTree(from.toFile());
    } catch (IOException e) {
      throw new UsageException(
          "--from "
              + from
              + ": not readable JSON: "
              + eu.art32.Art32Exception.firstLine(e.getMessage()));
    }
    if (!(tree instanceof ObjectNode object)
        || !RunEvidence.SCHEMA.equals(tree.path("schema").asText())) {
      throw new UsageException(
          "--from " + from + ": not art32 evidence (schema " + RunEvidence.SCHEMA + ")");
    }
    try {
      eu.art32.evidence.EvidenceJson.read(object);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--from " + from + ": not valid art32 evidence: " + e.getMessage());
    }
    output.check(out);
    try {
      Files.createDirectories(out);
      if (Files.isSameFile(out, from.toAbsolutePath().getParent())) {
        throw new UsageException(
            "--out must not be the directory of --from; the evidence would be overwritten");
      }
      ReportFiles files =
          new ReportWriter(new Resources("templates", templates), output.options(null))
              .write(object, out);
      Summary.files(context.out(), files);
      return 0;
    } catch (IOException e) {
      throw new EnvironmentException("cannot write reports to " + out + ": " + e.getMessage(), e);
    }
  }
}
