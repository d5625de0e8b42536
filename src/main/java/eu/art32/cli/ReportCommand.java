package eu.art32.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.art32.Art32Exception;
import eu.art32.EnvironmentException;
import eu.art32.ExitCode;
import eu.art32.UsageException;
import eu.art32.config.Art32Config;
import eu.art32.evidence.EvidenceJson;
import eu.art32.evidence.RunEvidence;
import eu.art32.integrity.History;
import eu.art32.integrity.Manifest;
import eu.art32.integrity.Verifier;
import eu.art32.report.Gate;
import eu.art32.report.OutputOptions;
import eu.art32.report.ReportFiles;
import eu.art32.report.ReportWriter;
import eu.art32.rules.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
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
    JsonNode tree = tree(from);
    if (!(tree instanceof ObjectNode object)
        || !RunEvidence.SCHEMA.equals(tree.path("schema").asText())) {
      throw new UsageException(
          "--from " + from + ": not art32 evidence (schema " + RunEvidence.SCHEMA + ")");
    }
    try {
      EvidenceJson.read(object);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--from " + from + ": not valid art32 evidence: " + e.getMessage());
    }
    try {
      History.checkedRunId(object.path("runId").asText(null));
    } catch (UsageException e) {
      throw new UsageException("--from " + from + ": runId: " + e.getMessage());
    }
    if (output.waivers != null) {
      // a stored run is rendered as it was judged: a waiver given here would be silently unused
      throw new UsageException(
          "--waivers: report renders a stored run as it was judged; waivers apply when a run"
              + " judges (audit, gate, drill, run); nothing was run");
    }
    output.check(out, null, () -> new Resources("templates", templates));
    OutputOptions options = output.options(null);
    if (options.historyDir() != null) {
      // a render is stored beside the run the history holds, never as a run of its own
      String runId = object.path("runId").asText();
      if (!Files.isDirectory(options.historyDir())) {
        throw new UsageException(
            "--history " + options.historyDir() + ": no such directory; nothing was run");
      }
      if (!new History(options.historyDir()).contains(runId)) {
        throw new UsageException(
            "--history "
                + options.historyDir()
                + ": holds no run "
                + runId
                + " (the runId of --from); a render is stored beside its run; nothing was run");
      }
    }
    String source = source(options.privateKey() != null);
    try {
      Files.createDirectories(out);
      if (Files.isSameFile(out, from.toAbsolutePath().getParent())) {
        throw new UsageException(
            "--out must not be the directory of --from; the evidence would be overwritten");
      }
      ReportFiles files =
          new ReportWriter(new Resources("templates", templates), options)
              .write(object, out, source);
      Summary.files(context.out(), files);
      return gate(object, options.gate());
    } catch (IOException e) {
      throw new EnvironmentException("cannot write reports to " + out + ": " + e.getMessage(), e);
    }
  }

  /**
   * --from read as JSON, bounded before it is held in memory: a file over {@link
   * EvidenceJson#MAX_BYTES} or with more pairs than one run covers is refused with the figure (a
   * streaming pass counts the pairs), never an out-of-memory error halfway through the render.
   */
  private static JsonNode tree(Path from) {
    ObjectMapper mapper = new ObjectMapper();
    try {
      if (!Files.isRegularFile(from)) {
        throw new UsageException(
            "--from " + from + (Files.exists(from) ? ": not a regular file" : ": no such file"));
      }
      long size = Files.size(from);
      if (size > EvidenceJson.MAX_BYTES) {
        throw new UsageException(
            "--from "
                + from
                + ": "
                + (size >> 20)
                + " MiB, larger than any evidence.json art32 writes (at most "
                + (EvidenceJson.MAX_BYTES >> 20)
                + " MiB read back)");
      }
      int pairs = pairCount(mapper, from);
      if (pairs > Art32Config.MAX_PAIRS_PER_RUN) {
        throw new UsageException(
            "--from "
                + from
                + ": holds "
                + pairs
                + " pairs; a run covers at most "
                + Art32Config.MAX_PAIRS_PER_RUN
                + ", so this is no evidence art32 wrote");
      }
      return EvidenceJson.readStored(from);
    } catch (IOException e) {
      throw new UsageException(
          "--from " + from + ": not readable JSON: " + Art32Exception.firstLine(e.getMessage()));
    }
  }

  /** The number of entries in the top-level "pairs" list, read as a stream (nothing kept). */
  private static int pairCount(ObjectMapper mapper, Path from) throws IOException {
    try (JsonParser parser = mapper.getFactory().createParser(from.toFile())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return 0;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals("pairs") && value == JsonToken.START_ARRAY) {
          int count = 0;
          for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            if (t == null) {
              return count; // cut short: the full read says where
            }
            parser.skipChildren();
            count++;
          }
          return count;
        }
        parser.skipChildren();
      }
      return 0;
    }
  }

  /**
   * The SHA-256 of the manifest beside --from when it verifies and lists this evidence, recorded in
   * the render's manifest; null when there is none. Signing needs it: art32 signs only evidence
   * whose manifest verifies.
   */
  private String source(boolean signing) {
    Path dir = from.toAbsolutePath().getParent();
    Path manifest = dir.resolve(Manifest.FILE);
    String problem;
    if (!Files.isRegularFile(manifest)) {
      problem = "no " + Manifest.FILE + " beside it";
    } else {
      Verifier.Report report = new Verifier(null).verify(dir);
      problem = report.ok() ? listsEvidence(manifest) : report.problems().get(0);
      if (problem == null) {
        try {
          return EvidenceJson.sha256(manifest);
        } catch (IOException e) {
          problem = manifest + " is unreadable";
        }
      }
    }
    if (signing) {
      throw new UsageException(
          "--sign-key: --from "
              + from
              + " is not signed again: art32 signs only evidence whose manifest verifies ("
              + problem
              + ")");
    }
    context
        .err()
        .println(
            "warning: --from " + from + ": " + problem + "; the render records no verified source");
    return null;
  }

  private String listsEvidence(Path manifest) {
    try {
      boolean listed =
          Manifest.read(manifest).artifacts().stream()
              .anyMatch(a -> a.name().equals(from.getFileName().toString()));
      return listed ? null : manifest + " does not list " + from.getFileName();
    } catch (IOException e) {
      return manifest + " is unreadable";
    }
  }

  /**
   * The gate's exit code, as `audit` gives it: 3 for an incomplete pair, 1 for a failing finding.
   */
  private int gate(JsonNode tree, Gate gate) {
    boolean incomplete = false;
    int failing = 0;
    for (JsonNode pair : tree.path("pairs")) {
      incomplete |= pair.path("complete").isBoolean() && !pair.path("complete").asBoolean();
      for (JsonNode finding : pair.path("findings")) {
        failing += gate.fails(finding) ? 1 : 0;
      }
    }
    int code =
        incomplete
            ? ExitCode.ENVIRONMENT.code()
            : failing > 0 ? ExitCode.FINDINGS_FAILED.code() : ExitCode.OK.code();
    context
        .out()
        .printf(
            "gate: %s (%d finding(s) fail at --fail-on %s; exit %d)%n",
            code == 0 ? "PASS" : "FAIL",
            failing,
            gate.failOn().name().toLowerCase(Locale.ROOT),
            code);
    return code;
  }
}
