package eu.art32.report;

import static org.assertj.core.api.Assertions.assertThat;

import eu.art32.config.Site;
import eu.art32.evidence.Area;
import eu.art32.evidence.Finding;
import eu.art32.evidence.NodeEvidence;
import eu.art32.evidence.PairEvidence;
import eu.art32.evidence.Reference;
import eu.art32.evidence.RunEvidence;
import eu.art32.evidence.Severity;
import eu.art32.evidence.Status;
import eu.art32.rules.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class ReportWriterTest {
  private static final Reference GDPR =
      new Reference("gdpr-32-1-b", "GDPR Art. 32(1)(b)", "resilience");

  public static RunEvidence fixture(String pairName, String error) {
    List<Finding> findings =
        List.of(
            new Finding(
                "REPL-SYNC-BINLOG",
                "The binary log is synced at every commit",
                "replication",
                Severity.HIGH,
                Status.FAIL,
                "primary: sync_binlog=0",
                "sync_binlog = 1 on both nodes",
                "a crash loses commits",
                "sync_binlog=1",
                List.of(GDPR)),
            new Finding(
                "REPL-BINLOG-FORMAT",
                "Binary log format is ROW",
                "replication",
                Severity.HIGH,
                Status.PASS,
                "primary: binlog_format=ROW",
                "ROW",
                "",
                "",
                List.of(GDPR)),
            new Finding(
                "RPO-NOT-MEASURED",
                "Recovery point",
                "rpo",
                Severity.HIGH,
                Status.NOT_ASSESSED,
                "not assessed: no drill",
                "loss window <= 1000 ms",
                "",
                "",
                List.of(GDPR)));
    NodeEvidence primary =
        new NodeEvidence(
            "primary",
            "db1:3306",
            "MariaDB",
            "11.4.5",
            "1",
            "0-1-5",
            "TLS_AES_256_GCM_SHA384",
            new Site("NO", "Oslo", "Ex", "OSL-1", null));
    NodeEvidence replica =
        new NodeEvidence(
            "replica", "db2:3306", "MariaDB", "11.4.5", "2", "0-1-5", "", Site.UNDECLARED);
    return new RunEvidence(
        RunEvidence.SCHEMA,
        "art32",
        "test",
        "2026.11",
        "20261126T000000Z-abcd",
        "art32 audit",
        "Kari <b>N</b>",
        Instant.parse("2026-11-26T07:00:00Z"),
        Instant.parse("2026-11-26T07:00:02.5Z"),
        "art32.yaml",
        "ab12",
        List.of(
            new Area("replication", "Replication settings", "b", List.of(GDPR)),
            new Area("rpo", "Recovery point", "c", List.of(GDPR))),
        List.of(
            new PairEvidence(
                pairName, "staging", List.of(primary, replica), findings, error, null)),
        List.of());
  }

  @Test
  void writesEscapedHtmlAndAPdfWhoseTextCarriesTheFindings(@TempDir Path dir) throws Exception {
    ReportFiles files =
        new ReportWriter(new Resources("templates", null))
            .write(fixture("shop<script>alert(1)</script>", null), dir);

    String html = Files.readString(files.html());
    assertThat(html)
        .as("markup in values is shown as text")
        .contains("shop&lt;script&gt;alert(1)&lt;/script&gt;", "Kari &lt;b&gt;N&lt;/b&gt;")
        .doesNotContain("<script>");
    assertThat(html)
        .contains("REPL-SYNC-BINLOG", "primary: sync_binlog=0", "GDPR Art. 32(1)(b)")
        .doesNotContain("INCOMPLETE");

    try (PDDocument pdf = Loader.loadPDF(files.pdf().toFile())) {
      String text = new PDFTextStripper().getText(pdf);
      assertThat(text)
          .contains(
              "Article 32 evidence report",
              "REPL-SYNC-BINLOG",
              "FAIL",
              "NOT ASSESSED",
              "page 1 of " + pdf.getNumberOfPages(),
              "1 findings not assessed;");
      for (var page : pdf.getPages()) {
        for (var name : page.getResources().getFontNames()) {
          PDFont font = page.getResources().getFont(name);
          assertThat(font.isEmbedded()).as("font %s embedded", font.getName()).isTrue();
        }
      }
    }
    String json = Files.readString(files.evidenceJson());
    assertThat(json)
        .contains(
            "\"verdict\" : \"FAIL\"",
            "\"completeness\" : \"COMPLETE\"",
            "\"schema\" : \"art32.evidence/1\"");
  }

  /** A remediation said from a fix.* key is shown in the report's language; any other verbatim. */
  @Test
  void aRemediationFromTheBundlesIsShownInBokmal(@TempDir Path dir) throws Exception {
    String english = eu.art32.evidence.Catalogue.english().word("fix.drill.splitBrain");
    RunEvidence base = fixture("shop", null);
    var tree = eu.art32.evidence.EvidenceJson.toTree(base);
    var finding =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            tree.path("pairs").path(0).path("findings").path(0);
    finding.put("remediation", english);

    ReportFiles files =
        new ReportWriter(
                new Resources("templates", null),
                new OutputOptions("nb", Gate.DEFAULT, null, null, null))
            .write(tree, dir);

    String html = Files.readString(files.html());
    assertThat(html)
        .contains(
            org.jsoup.parser.Parser.unescapeEntities(
                    eu.art32.evidence.Catalogue.of("nb").word("fix.drill.splitBrain"), false)
                .replace("'", "&#39;"))
        .doesNotContain(english.replace("'", "&#39;"));
  }

  @Test
  void anIncompleteRunSaysSoOnItsFirstPage(@TempDir Path dir) throws Exception {
    ReportFiles files =
        new ReportWriter(new Resources("templates", null))
            .write(fixture("shop", "cannot connect to primary db1:3306: Connection refused"), dir);

    try (PDDocument pdf = Loader.loadPDF(files.pdf().toFile())) {
      PDFTextStripper firstPage = new PDFTextStripper();
      firstPage.setStartPage(1);
      firstPage.setEndPage(1);
      assertThat(firstPage.getText(pdf)).contains("This run is INCOMPLETE", "Connection refused");
    }
  }

  @Test
  void templatesCanBeOverriddenFromDisk(@TempDir Path dir) throws Exception {
    Path templates = Files.createDirectory(dir.resolve("templates"));
    Files.writeString(
        templates.resolve("report.ftlh"),
        "<html><body><p>custom ${run.runId} ${run.verdict}</p></body></html>");

    ReportFiles files =
        new ReportWriter(new Resources("templates", templates)).write(fixture("shop", null), dir);

    assertThat(Files.readString(files.html()))
        .isEqualTo("<html><body><p>custom 20261126T000000Z-abcd FAIL</p></body></html>");
  }

  /**
   * A run that fails half way (here its template, at render time) leaves the output directory as it
   * was: the earlier run's files untouched, no evidence.json without its manifest, no temporary
   * file; a whole run then replaces them whole.
   */
  @Test
  void aRunThatFailsHalfWayLeavesTheOutputAsItWas(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    ReportFiles first =
        new ReportWriter(new Resources("templates", null)).write(fixture("shop", null), out);
    byte[] manifestBefore = Files.readAllBytes(first.manifest());
    byte[] evidenceBefore = Files.readAllBytes(first.evidenceJson());
    List<String> before;
    try (var list = Files.list(out)) {
      before = list.map(p -> p.getFileName().toString()).sorted().toList();
    }
    Path templates = Files.createDirectory(dir.resolve("templates"));
    Files.writeString(templates.resolve("report.ftlh"), "<p>${run.noSuchKey.deeper}</p>");

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new ReportWriter(new Resources("templates", templates))
                    .write(fixture("crm", null), out))
        .hasMessageContaining("template report.ftlh failed");

    try (var list = Files.list(out)) {
      assertThat(list.map(p -> p.getFileName().toString()).sorted().toList())
          .as("no half-written run, no temporary folder or file left")
          .isEqualTo(before);
    }
    assertThat(Files.readAllBytes(first.manifest())).isEqualTo(manifestBefore);
    assertThat(Files.readAllBytes(first.evidenceJson())).isEqualTo(evidenceBefore);
    assertThat(new eu.art32.integrity.Verifier(null).verify(out).problems())
        .as("the earlier run still verifies")
        .isEmpty();
  }

  /**
   * A fleet run's per-pair evidence is part of its set: written in the same hidden folder, moved in
   * with it, and left as it was when the run fails half way.
   */
  @Test
  void aFleetRunsPairFilesComeAndGoWithItsSet(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    OutputOptions fleet = OutputOptions.DEFAULT.withPairFiles();
    new ReportWriter(new Resources("templates", null), fleet).write(fixture("shop", null), out);
    Path shop = out.resolve("pairs/shop/evidence.json");
    byte[] shopBefore = Files.readAllBytes(shop);
    assertThat(
            new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(shop.toFile())
                .at("/pairs/0/name")
                .asText())
        .isEqualTo("shop");
    Path templates = Files.createDirectory(dir.resolve("templates"));
    Files.writeString(templates.resolve("report.ftlh"), "<p>${run.noSuchKey.deeper}</p>");

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new ReportWriter(new Resources("templates", templates), fleet)
                    .write(fixture("crm", null), out))
        .hasMessageContaining("template report.ftlh failed");
    assertThat(Files.readAllBytes(shop))
        .as("the earlier run's pair file as it was")
        .isEqualTo(shopBefore);
    assertThat(out.resolve("pairs/crm")).doesNotExist();

    new ReportWriter(new Resources("templates", null), fleet).write(fixture("crm", null), out);
    assertThat(out.resolve("pairs/crm/evidence.json")).isRegularFile();
    assertThat(out.resolve("pairs/shop"))
        .as("the pairs of the run the set replaced")
        .doesNotExist();
    try (var list = Files.list(out)) {
      assertThat(list.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
    }
    var verified = new eu.art32.integrity.Verifier(null).verify(out);
    assertThat(verified.problems()).isEmpty();
    assertThat(verified.warnings())
        .as("the pair files are in the manifest")
        .noneMatch(w -> w.contains("in no manifest"));
    assertThat(Files.readString(out.resolve("manifest.json")))
        .contains("\"pairs/crm/evidence.json\"");
  }
}
