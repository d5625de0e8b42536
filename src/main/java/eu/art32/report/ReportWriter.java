package eu.art32.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.art32.evidence.EvidenceJson;
import eu.art32.evidence.RunEvidence;
import eu.art32.rules.Resources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Writes evidence.json, report.html and report.pdf for one run into a directory. */
public final class ReportWriter {
  private final ReportRenderer renderer;
  private final PdfRenderer pdf = new PdfRenderer();

  public ReportWriter(Resources templates) {
    this.renderer = new ReportRenderer(templates);
  }

  public ReportFiles write(RunEvidence evidence, Path dir) throws IOException {
    ObjectNode tree = EvidenceJson.toTree(evidence);
    Map<String, Object> model = EvidenceJson.toModel(tree);
    DrillChart.addTo(model);
    LatencyChart.addTo(model);
    String html = renderer.render("report.ftlh", Map.of("run", model));
    byte[] pdfBytes = pdf.render(html, "art32 Article 32 evidence report " + evidence.runId());
    Path json = dir.resolve("evidence.json");
    Path htmlFile = dir.resolve("report.html");
    Path pdfFile = dir.resolve("report.pdf");
    EvidenceJson.writeAtomically(json, EvidenceJson.toJson(tree).getBytes(StandardCharsets.UTF_8));
    EvidenceJson.writeAtomically(htmlFile, html.getBytes(StandardCharsets.UTF_8));
    EvidenceJson.writeAtomically(pdfFile, pdfBytes);
    return new ReportFiles(json, htmlFile, pdfFile);
  }
}
