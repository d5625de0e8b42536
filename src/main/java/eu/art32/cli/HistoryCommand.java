package eu.art32.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.art32.UsageException;
import eu.art32.config.Art32Config;
import eu.art32.config.ConfigLoader;
import eu.art32.evidence.EvidenceJson;
import eu.art32.integrity.Checkpoint;
import eu.art32.integrity.History;
import eu.art32.integrity.Signer;
import eu.art32.integrity.Verifier;
import eu.art32.rules.Resources;
import eu.art32.rules.RuleBook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description =
        "List the runs kept in the history, oldest first: when, which command, and per pair the verdict and a drill's RTO and RPO.",
    subcommands = {HistoryCommand.Prune.class})
final class HistoryCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Context context;

  /** Where the history is: --history, else evidence.history of --config. */
  static final class Source {
    @Option(
        names = "--history",
        paramLabel = "DIR",
        description = "The history directory (default: evidence.history of --config).")
    Path history;

    @Option(
        names = "--config",
        paramLabel = "FILE",
        defaultValue = "art32.yaml",
        description = "Config whose evidence settings to read (default: ${DEFAULT-VALUE}).")
    Path config;

    /** The config when there is one to read, else null. */
    Art32Config load(Context context) {
      if (!Files.isRegularFile(config)) {
        return null;
      }
      return new ConfigLoader(context.env(), RuleBook.load(new Resources("rules", null)).defaults())
          .load(config);
    }

    /** The history directory: --history, else from the config. */
    Path dir(Art32Config c) {
      if (history != null) {
        return history;
      }
      if (c == null) {
        throw new UsageException(
            "no --history given and no " + config + " to read evidence.history from");
      }
      if (c.evidence() == null || c.evidence().history() == null) {
        throw new UsageException(config + " sets no evidence.history; pass --history DIR");
      }
      return c.evidence().history();
    }
  }

  @CommandLine.Mixin Source source;

  @Option(names = "--pair", paramLabel = "NAME", description = "Only this pair.")
  String pair;

  HistoryCommand(Context context) {
    this.context = context;
  }

  @Command(
      name = "prune",
      mixinStandardHelpOptions = true,
      description =
          "Remove all but the newest --keep runs from the history, after checking it: a signed checkpoint.json records every pruned run's manifest digest and the pruned head, so art32 verify still checks the chain from there.")
  static final class Prune implements Callable<Integer> {
    private final Context context;

    @CommandLine.Mixin Source source;

    @Option(
        names = "--keep",
        required = true,
        paramLabel = "N",
        description = "How many of the newest runs to keep (at least 1).")
    int keep;

    @Option(
        names = "--sign-key",
        paramLabel = "KEY",
        description =
            "Ed25519 private key that signs the checkpoint (default: evidence.signingKey).")
    Path signKey;

    @Option(
        names = "--sign-pub",
        paramLabel = "PUB",
        description = "Its public key (default: KEY with .pub for .key).")
    Path signPub;

    Prune(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      if (keep < 1) {
        throw new UsageException("--keep: at least 1 run stays in the history, found " + keep);
      }
      Art32Config c = source.history != null && signKey != null ? null : source.load(context);
      Path dir = source.dir(c);
      Path key = signKey;
      Path pub = signPub;
      if (key == null && c != null && c.evidence() != null) {
        key = c.evidence().signingKey();
        pub = c.evidence().signingPublicKey();
      }
      if (key == null) {
        throw new UsageException(
            "history prune needs a signing key (--sign-key or evidence.signingKey): the checkpoint"
                + " that keeps the chain checkable must be signed");
      }
      if (pub == null) {
        pub = Path.of(key.toString().replaceAll("\\.key$", "") + ".pub");
      }
      if (!Files.isDirectory(dir)) {
        throw new UsageException("--history " + dir + " is not a directory");
      }
      Verifier.Report report = new Verifier(null).verify(dir);
      if (!report.ok()) {
        throw new UsageException(
            "the history "
                + dir
                + " does not verify, and art32 prunes only a whole chain: "
                + report.problems().get(0));
      }
      Signer signer = Signer.load(key, pub);
      Checkpoint checkpoint = new History(dir).prune(keep, signer);
      if (checkpoint == null) {
        context.out().println("nothing to prune: " + dir + " holds " + keep + " run(s) or fewer");
        return 0;
      }
      context
          .out()
          .println(
              "pruned up to run "
                  + checkpoint.head().runId()
                  + " ("
                  + checkpoint.pruned().size()
                  + " run(s) recorded in "
                  + dir.resolve(Checkpoint.FILE)
                  + ", signed by Ed25519 key "
                  + signer.fingerprint()
                  + ")");
      return 0;
    }
  }

  @Override
  public Integer call() throws IOException {
    Path dir = source.dir(source.history != null ? null : source.load(context));
    History h = new History(dir);
    if (h.runs().isEmpty()) {
      context.out().println("no runs in " + dir);
      return 0;
    }
    context
        .out()
        .printf(
            "%-26s %-20s %-22s %-14s %-7s %10s %14s%n",
            "run", "started", "command", "pair", "verdict", "RTO ms", "RPO lost/ms");
    int rows = 0;
    for (Path run : h.runs()) {
      Path file = run.resolve("evidence.json");
      if (!Files.isRegularFile(file)) {
        continue;
      }
      JsonNode tree = EvidenceJson.readStored(file);
      for (JsonNode p : tree.path("pairs")) {
        String name = p.path("name").asText();
        if (pair != null && !pair.equals(name)) {
          continue;
        }
        JsonNode drill = p.path("drill");
        String rto = "-";
        String rpo = "-";
        if (drill.isObject()) {
          History.Point point = History.Point.of(tree, drill);
          rto = point.rtoMs() == null ? "no write" : String.format("%.1f", point.rtoMs());
          rpo =
              (point.lost() == null ? "?" : point.lost().toString())
                  + "/"
                  + (point.lossWindowMs() == null
                      ? "?"
                      : String.format("%.1f", point.lossWindowMs()));
        }
        context
            .out()
            .printf(
                "%-26s %-20s %-22s %-14s %-7s %10s %14s%n",
                tree.path("runId").asText(),
                tree.path("startedAt").asText().replaceFirst("\\.\\d+Z$", "Z"),
                abbreviate(tree.path("command").asText(), 22),
                abbreviate(name, 14),
                p.path("verdict").asText("-"),
                rto,
                rpo);
        rows++;
      }
    }
    if (rows == 0 && pair != null) {
      context.out().println("no run in " + dir + " covers pair " + pair);
    }
    return 0;
  }

  private static String abbreviate(String s, int width) {
    return s.length() <= width ? s : s.substring(0, width - 1) + "~";
  }
}
