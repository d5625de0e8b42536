package eu.art32.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.art32.UsageException;
import eu.art32.config.Art32Config;
import eu.art32.config.ConfigLoader;
import eu.art32.integrity.History;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description =
        "List the runs kept in the history, oldest first: when, which command, and per pair the verdict and a drill's RTO and RPO.")
final class HistoryCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Context context;

  @Option(
      names = "--history",
      paramLabel = "DIR",
      description = "The history directory (default: evidence.history of --config).")
  Path history;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      defaultValue = "art32.yaml",
      description = "Config whose evidence.history to read (default: ${DEFAULT-VALUE}).")
  Path config;

  @Option(names = "--pair", paramLabel = "NAME", description = "Only this pair.")
  String pair;

  HistoryCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() throws IOException {
    Path dir = history;
    if (dir == null) {
      if (!Files.isRegularFile(config)) {
        throw new UsageException(
            "no --history given and no " + config + " to read evidence.history from");
      }
      Art32Config c =
          new ConfigLoader(
                  context.env(),
                  eu.art32.rules.RuleBook.load(new eu.art32.rules.Resources("rules", null))
                      .defaults())
              .load(config);
      if (c.evidence() == null || c.evidence().history() == null) {
        throw new UsageException(config + " sets no evidence.history; pass --history DIR");
      }
      dir = c.evidence().history();
    }
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
      JsonNode tree = JSON.readTree(file.toFile());
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
