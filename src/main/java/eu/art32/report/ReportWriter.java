package eu.art32.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.art32.EnvironmentException;
import eu.art32.Version;
import eu.art32.evidence.EvidenceJson;
import eu.art32.evidence.RunEvidence;
import eu.art32.integrity.History;
import eu.art32.integrity.HistoryLock;
import eu.art32.integrity.Manifest;
import eu.art32.integrity.Signer;
import eu.art32.rules.Resources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes one run: evidence.json, report.html and report.pdf (PDF/A-3 with evidence.json attached),
 * junit.xml, summary.md, and manifest.json with the SHA-256 of each, chained to the history's last
 * run and signed when a key is given; then stores the run in the history.
 */
public final class ReportWriter {
  static final List<String> ARTIFACTS =
      List.of("evidence.json", "report.html", "report.pdf", "junit.xml", "summary.md");

  private static final String TEMPLATE = "report.ftlh";
  private static final Messages ENGLISH = new Messages("en");

  private final ReportRenderer renderer;
  private final Resources templates;
  private final PdfRenderer pdf = new PdfRenderer();
  private final OutputOptions options;
  private final Messages messages;

  public ReportWriter(Resources templates) {
    this(templates, OutputOptions.DEFAULT);
  }

  public ReportWriter(Resources templates, OutputOptions options) {
    this.renderer = new ReportRenderer(templates);
    this.templates = templates;
    this.options = options;
    this.messages = new Messages(options.language());
  }

  public ReportFiles write(RunEvidence evidence, Path dir) throws IOException {
    return write(EvidenceJson.toTree(evidence), dir);
  }

  /** Writes from an evidence tree: a fresh run's, or one read back for `art32 report --from`. */
  public ReportFiles write(ObjectNode tree, Path dir) throws IOException {
    return write(tree, dir, null);
  }

  /**
   * The same, for a render of a run written before: {@code rerenderOf} is the SHA-256 of that run's
   * manifest (verified by the caller), recorded in this render's manifest; null for a fresh run.
   */
  public ReportFiles write(ObjectNode tree, Path dir, String rerenderOf) throws IOException {
    if (options.historyDir() == null) {
      return staged(tree, dir, rerenderOf, null);
    }
    HistoryLock lock;
    try {
      lock = HistoryLock.acquire(options.historyDir(), HISTORY_WAIT);
    } catch (EnvironmentException e) {
      // the run's own outputs are still written whole; only the history misses it
      staged(tree, dir, rerenderOf, null);
      throw e;
    }
    try (lock) {
      return staged(tree, dir, rerenderOf, new History(options.historyDir()));
    }
  }

  /**
   * Writes the whole set into a hidden folder inside {@code dir} and moves each file into {@code
   * dir} only when all are written (and the run stored in the history): a full disk or a broken
   * template leaves {@code dir} as it was, never a run without its manifest.
   */
  private ReportFiles staged(ObjectNode tree, Path dir, String rerenderOf, History history)
      throws IOException {
    Files.createDirectories(dir);
    Path staging = Files.createTempDirectory(dir, ".art32-writing-");
    try {
      List<String> pairFiles =
          options.pairFiles() ? PairEvidenceFiles.write(tree, staging) : List.of();
      Written written = write(tree, dir, staging, rerenderOf, history, pairFiles);
      if (options.pairFiles()) {
        // a folder is not replaced by a move: the earlier run's goes into the hidden folder first
        Path earlier = dir.resolve(PairEvidenceFiles.DIR);
        if (Files.exists(earlier, LinkOption.NOFOLLOW_LINKS)) {
          Files.move(
              earlier,
              staging.resolve(".earlier-" + PairEvidenceFiles.DIR),
              StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(staging.resolve(PairEvidenceFiles.DIR), earlier, StandardCopyOption.ATOMIC_MOVE);
      }
      for (String name : written.names()) {
        if (name.contains("/")) {
          continue; // inside pairs/, moved with it
        }
        Files.move(
            staging.resolve(name),
            dir.resolve(name),
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      }
      ReportFiles files = written.files();
      if (written.unstamped() != null) {
        throw new EnvironmentException(
            "run "
                + tree.path("runId").asText()
                + " is written to "
                + dir
                + (files.stored() == null ? "" : " and stored in " + files.stored())
                + ", but its manifest is not timestamped: "
                + written.unstamped().getMessage(),
            written.unstamped());
      }
      return files;
    } finally {
      try (Stream<Path> left = Files.walk(staging)) {
        for (Path p : left.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** What one write produced: the files (at their final place), their names, a missed timestamp. */
  private record Written(ReportFiles files, List<String> names, EnvironmentException unstamped) {}

  /** How long a run waits for another one writing the same history (a run takes seconds). */
  private static final Duration HISTORY_WAIT = Duration.ofMinutes(10);

  /** Writes into {@code to}; {@code dir} is where the files will be (said in summary.md). */
  /**
   * Writes into {@code to}; {@code dir} is where the files will be (said in summary.md); {@code
   * pairFiles}, written into {@code to} already, are listed in the manifest after the set.
   */
  private Written write(
      ObjectNode tree,
      Path dir,
      Path to,
      String rerenderOf,
      History history,
      List<String> pairFiles)
      throws IOException {
    String runId = tree.path("runId").asText();
    // a run the history holds already is rendered again beside it, naming it as its source
    boolean rerender = history != null && history.contains(runId);
    History.Link previous =
        history == null ? null : rerender ? history.link(runId) : history.latest().orElse(null);
    byte[] json = EvidenceJson.toJson(tree).getBytes(StandardCharsets.UTF_8);
    Path evidenceFile = to.resolve("evidence.json");
    EvidenceJson.writeAtomically(evidenceFile, json);
    // what the reader sees: the checks' words in the report's language
    ObjectNode shown = Localized.of(tree, messages.language());
    Map<String, Object> run = EvidenceJson.toModel(shown);
    DrillChart.addTo(run);
    LatencyChart.addTo(run);
    addHistory(run, tree, history);
    Map<String, Object> model = new HashMap<>();
    model.put("run", run);
    model.put("lang", messages.language());
    model.put("m", messages.texts());
    model.put("en", ENGLISH.texts());
    // a remediation said from a fix.* key is found by its English words
    Map<String, String> fixes = new HashMap<>();
    ENGLISH
        .texts()
        .forEach(
            (key, words) -> {
              if (key.startsWith("fix.")) {
                fixes.put(words, messages.texts().getOrDefault(key, words));
              }
            });
    model.put("fixes", fixes);
    model.put("t", messages.method());
    // a drill runs before the audit of its run: page 1's start and duration take it in
    Instant start = Instant.parse(tree.path("startedAt").asText());
    boolean drillFirst = false;
    for (JsonNode pair : tree.path("pairs")) {
      String drillStart = pair.path("drill").path("startedAt").asText("");
      if (!drillStart.isEmpty() && Instant.parse(drillStart).isBefore(start)) {
        start = Instant.parse(drillStart);
        drillFirst = true;
      }
    }
    model.put("startedAt", messages.dateTime(start.toString()));
    model.put("drillFirst", drillFirst);
    model.put(
        "durationMs",
        Duration.between(start, Instant.parse(tree.path("endedAt").asText())).toMillis());
    model.put("evidenceDigest", EvidenceJson.sha256(json));
    if (previous != null) {
      model.put("previousManifest", previous.manifestSha256() + " (" + previous.runId() + ")");
    }
    if (options.publicKey() != null) {
      model.put("signingKey", Signer.fingerprint(options.publicKey()));
    }
    if (options.timestampAuthority() != null) {
      model.put("timestampAuthority", options.timestampAuthority().toString());
    }
    String html = renderer.render(TEMPLATE, model, messages.locale());
    Path htmlFile = to.resolve("report.html");
    EvidenceJson.writeAtomically(htmlFile, html.getBytes(StandardCharsets.UTF_8));
    byte[] pdfBytes =
        pdf.render(
            html,
            messages.text("title") + " " + tree.path("runId").asText(),
            dir,
            new PdfRenderer.Attachment(
                "evidence.json",
                json,
                "application/json",
                messages.text("evidence.attachment", tree.path("runId").asText())));
    Path pdfFile = to.resolve("report.pdf");
    EvidenceJson.writeAtomically(pdfFile, pdfBytes);
    Path junit = to.resolve("junit.xml");
    EvidenceJson.writeAtomically(
        junit, JUnitXml.render(tree, options.gate()).getBytes(StandardCharsets.UTF_8));
    Path markdown = to.resolve("summary.md");
    EvidenceJson.writeAtomically(
        markdown,
        ControlCharacters.visible(
                MarkdownSummary.render(shown, options.gate(), messages.texts(), messages, dir))
            .getBytes(StandardCharsets.UTF_8));
    String source = rerender ? previous.manifestSha256() : rerenderOf;
    List<String> listed = new ArrayList<>(ARTIFACTS);
    listed.addAll(pairFiles);
    Manifest manifest =
        Manifest.of(
            runId,
            to,
            listed,
            previous,
            new Manifest.Rendering(
                messages.language(),
                templates.describe(TEMPLATE),
                EvidenceJson.sha256(templates.read(TEMPLATE)),
                tree.path("rulesVersion").asText(null),
                "art32 " + Version.tool(),
                source));
    if (options.privateKey() != null) {
      manifest = Signer.load(options.privateKey(), options.publicKey()).sign(manifest);
    }
    Path manifestFile = manifest.write(to);
    List<String> written = new ArrayList<>(manifest.files());
    EnvironmentException unstamped = null;
    if (options.timestampAuthority() != null) {
      try {
        for (String name : manifest.timestamp(to, options.timestampAuthority())) {
          if (!written.contains(name)) {
            written.add(name);
          }
        }
      } catch (EnvironmentException e) {
        // the run is written and stored all the same; the command then exits 3
        unstamped = e;
      }
    }
    List<String> names = new ArrayList<>(new LinkedHashSet<>(ARTIFACTS));
    written.stream().filter(n -> !names.contains(n)).forEach(names::add);
    Path stored = null;
    if (history != null) {
      stored =
          rerender
              ? history.storeRender(
                  runId,
                  manifest.createdAt().toString().replaceAll("[^0-9TZ]", "")
                      + "-"
                      + messages.language(),
                  to,
                  names)
              : history.store(runId, to, names);
    }
    ReportFiles files =
        new ReportFiles(
            dir.resolve(evidenceFile.getFileName()),
            dir.resolve(htmlFile.getFileName()),
            dir.resolve(pdfFile.getFileName()),
            dir.resolve(junit.getFileName()),
            dir.resolve(markdown.getFileName()),
            dir.resolve(manifestFile.getFileName()),
            stored);
    return new Written(files, names, unstamped);
  }

  /** Each pair's drill figures across the history and this run, with the trend chart geometry. */
  @SuppressWarnings("unchecked")
  private static void addHistory(Map<String, Object> run, JsonNode tree, History history) {
    if (history == null) {
      return;
    }
    List<Object> pairs = (List<Object>) run.get("pairs");
    for (int i = 0; i < pairs.size(); i++) {
      Map<String, Object> pair = (Map<String, Object>) pairs.get(i);
      List<History.Point> points =
          new ArrayList<>(
              history.trend(String.valueOf(pair.get("name")), tree.path("runId").asText()));
      JsonNode drill = tree.path("pairs").path(i).path("drill");
      if (drill.isObject()) {
        points.add(History.Point.of(tree, drill));
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      for (History.Point p : points) {
        Map<String, Object> row = new HashMap<>();
        row.put("runId", p.runId());
        row.put("date", p.startedAt());
        if (p.rtoMs() != null) {
          row.put("rtoMs", p.rtoMs());
        }
        if (p.lossWindowMs() != null) {
          row.put("lossWindowMs", p.lossWindowMs());
        }
        if (p.lost() != null) {
          row.put("lost", p.lost());
        }
        rows.add(row);
      }
      pair.put("history", rows);
      if (!points.isEmpty()) {
        JsonNode objectives = tree.path("pairs").path(i).path("objectives");
        pair.put(
            "trendChart",
            TrendChart.of(
                points,
                objectives.path("rtoMs").isNumber() ? objectives.path("rtoMs").asDouble() : null,
                objectives.path("rpoMs").isNumber() ? objectives.path("rpoMs").asDouble() : null));
      }
    }
  }
}
