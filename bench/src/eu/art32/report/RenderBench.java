package eu.art32.report;

import eu.art32.config.Site;
import eu.art32.evidence.Area;
import eu.art32.evidence.Finding;
import eu.art32.evidence.NodeEvidence;
import eu.art32.evidence.PairEvidence;
import eu.art32.evidence.RunEvidence;
import eu.art32.evidence.Severity;
import eu.art32.evidence.Status;
import eu.art32.rules.Resources;
import eu.art32.rules.RuleBook;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a 50-pair fleet report from generated evidence (every area with findings, like a real
 * audit) after JVM warm-up; baseline: the same for one pair. Goals: HTML < 1 s, PDF < 5 s.
 */
public final class RenderBench {
  public static void main(String[] args) throws Exception {
    RuleBook book = RuleBook.load(new Resources("rules", null));
    RunEvidence one = fleet(book, 1);
    RunEvidence fifty = fleet(book, 50);
    ReportRenderer html = new ReportRenderer(new Resources("templates", null));
    PdfRenderer pdf = new PdfRenderer();
    Messages messages = new Messages("en");
    for (int i = 0; i < 3; i++) {
      render(html, pdf, messages, one);
    }
    double[] baseline = render(html, pdf, messages, one);
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    double[] big = render(html, pdf, messages, fifty);
    double[] again = render(html, pdf, messages, fifty);
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf("render   baseline 1 pair:   HTML %.3f s, PDF %.3f s (%d findings)%n", baseline[0], baseline[1], count(one));
    System.out.printf("render   50 pairs (run 1):  HTML %.3f s, PDF %.3f s, %d pages (%d findings)%n", big[0], big[1], (long) big[2], count(fifty));
    System.out.printf("render   50 pairs (run 2):  HTML %.3f s (goal < 1 s: %s), PDF %.3f s (goal < 5 s: %s); %.0f x / %.0f x the 1-pair baseline%n",
        again[0], again[0] < 1 ? "met" : "NOT met", again[1], again[1] < 5 ? "met" : "NOT met", again[0] / baseline[0], again[1] / baseline[1]);
    System.out.printf("render   peak heap during the 50-pair renders: %.0f MiB (max heap %.0f MiB)%n", peak / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
  }

  private static long count(RunEvidence run) {
    return run.pairs().stream().mapToLong(p -> p.findings().size()).sum();
  }

  private static double[] render(ReportRenderer html, PdfRenderer pdf, Messages messages, RunEvidence run) throws Exception {
    var tree = eu.art32.evidence.EvidenceJson.toTree(run);
    var model = eu.art32.evidence.EvidenceJson.toModel(tree);
    long t0 = System.nanoTime();
    java.util.Map<String, Object> m = new java.util.HashMap<>();
    DrillChart.addTo(model);
    LatencyChart.addTo(model);
    m.put("run", model);
    m.put("lang", "en");
    m.put("m", messages.texts());
    m.put("t", messages.method());
    m.put("startedAt", messages.dateTime(tree.path("startedAt").asText()));
    m.put("evidenceDigest", "0".repeat(64));
    String text = html.render("report.ftlh", m, messages.locale());
    long t1 = System.nanoTime();
    Path dir = Files.createTempDirectory("art32-render");
    byte[] bytes = pdf.render(text, "bench", dir, null);
    long t2 = System.nanoTime();
    Files.delete(dir);
    int pages;
    try (var doc = org.apache.pdfbox.Loader.loadPDF(bytes)) {
      pages = doc.getNumberOfPages();
    }
    return new double[] {(t1 - t0) / 1e9, (t2 - t1) / 1e9, pages};
  }

  /** {@code pairs} pairs, each with a finding per rule and area, as a real audit has. */
  static RunEvidence fleet(RuleBook book, int pairs) {
    List<PairEvidence> list = new ArrayList<>();
    for (int p = 1; p <= pairs; p++) {
      List<Finding> findings = new ArrayList<>();
      int i = 0;
      for (var rule : book.rules()) {
        findings.add(new Finding(rule.id(), rule.title(), "replication", Severity.HIGH, i++ % 7 == 0 ? Status.FAIL : Status.PASS,
            "observed value " + i + " on db" + p, "expected value", rule.rationale(), rule.remediation(), rule.references()));
      }
      for (Area area : book.areas()) {
        if (!area.id().equals("replication")) {
          findings.add(new Finding(area.id().toUpperCase() + "-CHECK", area.title(), area.id(), Severity.HIGH, Status.NOT_ASSESSED,
              "not assessed: generated evidence", "see rules", "", "", area.references()));
        }
      }
      list.add(new PairEvidence("pair-" + p, "staging",
          List.of(new NodeEvidence("primary", "db" + p + "a:3306", "MariaDB", "11.4.5", "1", "0-1-" + p, "TLS_AES_256_GCM_SHA384", new Site("NO", "Oslo", "X", "A", null)),
              new NodeEvidence("replica", "db" + p + "b:3306", "MariaDB", "11.4.5", "2", "0-1-" + p, "TLS_AES_256_GCM_SHA384", new Site("NO", "Oslo", "X", "B", null))),
          findings, null, null));
    }
    return new RunEvidence(RunEvidence.SCHEMA, "art32", "bench", book.version(), "20261126T000000Z-bench", "bench", "bench",
        Instant.parse("2026-11-26T00:00:00Z"), Instant.parse("2026-11-26T00:01:00Z"), "fleet.yaml", "00", book.areas(), list, List.of());
  }
}
