package eu.art32.report;

import static org.assertj.core.api.Assertions.assertThat;

import eu.art32.evidence.Severity;
import eu.art32.rules.Resources;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.verapdf.core.ValidationException;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;
import org.w3c.dom.Document;

/** PDF/A-3, the attached evidence, bokmål, JUnit XML and Markdown, from one fixture run. */
class ReportOutputsTest {
  @Test
  void theFontsLoseOnlyTheirGlyphSubstitutionTable() throws Exception {
    byte[] original;
    try (InputStream in = PdfRenderer.class.getResourceAsStream("/fonts/DejaVuSans.ttf")) {
      original = in.readAllBytes();
    }
    var parser = new org.apache.fontbox.ttf.TTFParser();
    var before = parser.parse(new org.apache.pdfbox.io.RandomAccessReadBuffer(original));
    var after =
        parser.parse(
            new org.apache.pdfbox.io.RandomAccessReadBuffer(PdfRenderer.withoutGsub(original)));

    assertThat(before.getTableMap()).containsKey("GSUB");
    assertThat(after.getTableMap()).doesNotContainKey("GSUB");
    assertThat(after.getTableMap().keySet())
        .containsAll(
            before.getTableMap().keySet().stream().filter(t -> !t.equals("GSUB")).toList());
    assertThat(after.getNumberOfGlyphs()).isEqualTo(before.getNumberOfGlyphs());
    assertThat(after.getUnicodeCmapLookup().getGlyphId('ø'))
        .isEqualTo(before.getUnicodeCmapLookup().getGlyphId('ø'))
        .isPositive();
  }

  @Test
  void thePdfIsPdfA3uWithTheEvidenceAttachedAndBookmarks(@TempDir Path dir) throws Exception {
    ReportFiles files =
        new ReportWriter(new Resources("templates", null))
            .write(ReportWriterTest.fixture("shop", null), dir);

    VeraGreenfieldFoundryProvider.initialise();
    try (InputStream in = Files.newInputStream(files.pdf());
        PDFAParser parser = Foundries.defaultInstance().createParser(in, PDFAFlavour.PDFA_3_U);
        PDFAValidator validator =
            Foundries.defaultInstance().createValidator(PDFAFlavour.PDFA_3_U, false)) {
      ValidationResult result = validator.validate(parser);
      List<String> failures =
          result.getTestAssertions().stream()
              .filter(a -> a.getStatus() == TestAssertion.Status.FAILED)
              .map(a -> a.getRuleId().getClause() + " " + a.getMessage())
              .distinct()
              .toList();
      assertThat(failures).as("veraPDF PDF/A-3u rule failures").isEmpty();
      assertThat(result.isCompliant()).isTrue();
    } catch (ValidationException e) {
      throw new AssertionError("veraPDF could not validate " + files.pdf(), e);
    }
    try (PDDocument pdf = Loader.loadPDF(files.pdf().toFile())) {
      var attached =
          pdf.getDocumentCatalog().getNames().getEmbeddedFiles().getNames().get("evidence.json");
      assertThat(attached.getEmbeddedFile().toByteArray())
          .isEqualTo(Files.readAllBytes(files.evidenceJson()));
      assertThat(attached.getEmbeddedFile().getSubtype()).isEqualTo("application/json");
      var outline = pdf.getDocumentCatalog().getDocumentOutline();
      assertThat(outline).isNotNull();
      List<String> titles = new java.util.ArrayList<>();
      outline.children().forEach(i -> titles.add(i.getTitle()));
      assertThat(titles)
          .contains(
              "Scope",
              "Art. 32(1)(c) Timely restore",
              "GDPR Chapter V: where the data is (transfers)",
              "Appendix: evidence digests");
      assertThat(pdf.getDocumentCatalog().getMarkInfo().isMarked()).as("tagged").isTrue();
    }
  }

  @Test
  void bokmalTextsAndNumbers(@TempDir Path dir) throws Exception {
    OutputOptions nb = new OutputOptions("nb", Gate.DEFAULT, null, null, null);
    ReportFiles files =
        new ReportWriter(new Resources("templates", null), nb)
            .write(ReportWriterTest.fixture("shop", null), dir);

    String html = Files.readString(files.html());
    assertThat(html)
        .contains(
            "lang=\"nb\"",
            "Dokumentasjonsrapport etter artikkel 32",
            "Samlet vurdering",
            "2\u00a0500 ms",
            "Binærloggen skrives til disk ved hver bekreftelse",
            "AVVIK");
    assertThat(html).as("a date formatted for bokmål").contains("26. nov. 2026");
    try (PDDocument pdf = Loader.loadPDF(files.pdf().toFile())) {
      assertThat(new PDFTextStripper().getText(pdf))
          .contains("Ikke vurdert, med begrunnelse", "side 1 av " + pdf.getNumberOfPages());
    }
    assertThat(Files.readString(files.markdown()))
        .contains("## art32 kontroll etter artikkel 32: ❌ AVVIK", "FULLSTENDIG");
  }

  @Test
  void junitHasOneCasePerFindingAndTheGateDecidesFailures(@TempDir Path dir) throws Exception {
    ReportFiles low =
        new ReportWriter(new Resources("templates", null))
            .write(ReportWriterTest.fixture("shop", null), dir.resolve("low"));
    Document xml =
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(low.junit().toFile());

    assertThat(xml.getElementsByTagName("testcase").getLength()).isEqualTo(3);
    assertThat(xml.getElementsByTagName("failure").getLength()).isEqualTo(1);
    assertThat(xml.getElementsByTagName("failure").item(0).getTextContent())
        .contains("observed: primary: sync_binlog=0", "expected: sync_binlog = 1 on both nodes");
    assertThat(xml.getElementsByTagName("skipped").getLength()).isEqualTo(1);

    OutputOptions critical = new OutputOptions("en", new Gate(Severity.CRITICAL), null, null, null);
    ReportFiles high =
        new ReportWriter(new Resources("templates", null), critical)
            .write(ReportWriterTest.fixture("shop", null), dir.resolve("critical"));
    Document lenient =
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(high.junit().toFile());
    assertThat(lenient.getElementsByTagName("failure").getLength())
        .as("a HIGH failure is below --fail-on critical")
        .isZero();
    assertThat(Files.readString(high.markdown()))
        .contains("REPL-SYNC-BINLOG", "below the --fail-on severity");
  }

  /** The fixture run with a drill of the given RTO and loss window. */
  private static eu.art32.evidence.RunEvidence withDrill(String runId, double rto, double window) {
    var base = ReportWriterFixture.run("shop", runId);
    var drill =
        new eu.art32.evidence.DrillEvidence(
            "d" + runId.substring(runId.length() - 1),
            "kill",
            "SIGKILL",
            null,
            "built-in",
            eu.art32.evidence.Text.of("drill.promotion.builtin"),
            base.startedAt(),
            base.startedAt(),
            List.of(),
            List.of(),
            null,
            new eu.art32.evidence.DrillEvidence.Rpo(
                100, 99, 1, List.of("100"), window, 0, true, List.of()),
            new eu.art32.evidence.DrillEvidence.Rto(rto, base.startedAt(), List.of()),
            null,
            null,
            List.of(),
            null,
            null,
            null,
            null);
    var p = base.pairs().get(0);
    var pair =
        new eu.art32.evidence.PairEvidence(
            p.name(),
            p.environment(),
            p.nodes(),
            p.findings(),
            null,
            new eu.art32.evidence.ObjectivesEvidence(
                1000, 60_000, 5, 95, 1000, 86_400_000, 3_600_000, 92),
            java.util.Map.of(eu.art32.evidence.EvidenceKind.DRILL.key(), drill));
    return new eu.art32.evidence.RunEvidence(
        base.schema(),
        base.tool(),
        base.toolVersion(),
        base.rulesVersion(),
        runId,
        base.command(),
        base.operator(),
        base.startedAt(),
        base.endedAt(),
        base.configFile(),
        base.configDigest(),
        base.areas(),
        List.of(pair),
        base.waivers());
  }

  /**
   * The committed sample evidence (a real demo run) rendered in bokmål: the drill's events, roles,
   * steps, finding and area titles and the legal references are bokmål, not the English the checks
   * recorded.
   */
  @Test
  void aRealRunRendersItsRecordedWordsInBokmal(@TempDir Path dir) throws Exception {
    var tree = sampleRun();
    ReportFiles files = render("nb", tree, dir);

    String html = Files.readString(files.html());
    assertThat(html)
        .contains(
            "feil påført",
            "første testtransaksjon på den promoterte noden",
            "paret er friskt",
            "utfør mottatte transaksjoner",
            "SQL på replika",
            "art32 -&gt; primær (TCP-tilkobling)",
            "Replikeringsinnstillinger",
            "Replikaen er skrivebeskyttet",
            "Skriving på DR-kopien gir fremmede transaksjoner",
            "Kontroller tallene i funnet",
            "personvernforordningen art. 32 nr. 1 bokstav b, jf. personopplysningsloven § 1",
            "BESTÅTT")
        .doesNotContain(
            ">fault injected<",
            ">pair healthy<",
            ">Replication settings<",
            "GDPR Art. 32(1)(b)",
            "Writes on the DR copy create errant transactions",
            ">primary<");
    // what the checks saw and expected, said again from their texts, with a decimal comma
    assertThat(html)
        .contains(
            "bekreftede kanari-skrivinger tapt",
            "tapsvindu &lt;= 1000 ms",
            "SQL tur-retur art32-verten -&gt;")
        .doesNotContain(
            "acknowledged canary commits lost",
            "first canary write committed",
            "heartbeats every",
            "round trip &lt;",
            "sql round trip art32 host");
    assertThat(html).containsPattern("forfremmede noden \\d+,\\d+ ms etter feilen");
    assertThat(Files.readString(files.markdown()))
        .as(
            "summary.md: the drill's figures against their objectives, in bokmål, and where the report is")
        .containsPattern("RTO \\d+,\\d+ ms \\(mål 60\\h000 ms\\)")
        .contains("bekreftede skrivinger tapt, tapsvindu", "Rapport: " + dir.resolve("report.html"))
        .doesNotContain("acknowledged");
  }

  /**
   * The bokmål report of a real run holds no sentence of the English bundle: every fragment of an
   * English text (between its values) of twelve characters or more, with at least two words, that
   * the bokmål bundle does not share. The drill's own account (fault, timeline, fencing, failback
   * and its actions) is in the bundles too, so nothing is allowed by name.
   */
  @Test
  void theBokmalReportHoldsNoSentenceOfTheEnglishBundle(@TempDir Path dir) throws Exception {
    var tree = sampleRun();
    ReportFiles files = render("nb", tree, dir);
    String text =
        org.jsoup.Jsoup.parse(Files.readString(files.html())).body().text().replaceAll("\\s+", " ");
    java.util.Map<String, String> en = new Messages("en").texts();
    java.util.Map<String, String> nb = new Messages("nb").texts();
    // the bokmål words: a value copied from the English bundle does not count as bokmål
    String bokmal =
        String.join(
            " | ",
            nb.entrySet().stream()
                .filter(e -> !e.getValue().equals(en.get(e.getKey())))
                .map(java.util.Map.Entry::getValue)
                .toList());
    java.util.List<String> english = new java.util.ArrayList<>();
    en.forEach(
        (key, value) -> {
          for (String fragment : value.split("\\{\\d}")) {
            String f = fragment.replaceAll("^[\\s;:,()]+|[\\s;:,()]+$", "");
            if (f.length() >= 12
                && f.matches(".*[a-z]{3,} [a-z]{2,}.*")
                && text.contains(f)
                && !bokmal.contains(f)) {
              english.add(key + ": " + f);
            }
          }
        });
    assertThat(english).as("English sentences in the bokmål report").isEmpty();
  }

  /** A table longer than a page repeats its header row on the next page (thead). */
  @Test
  void aLongTableRepeatsItsHeaderOnEveryPage(@TempDir Path dir) throws Exception {
    var tree = sampleRun();
    var timeline =
        (com.fasterxml.jackson.databind.node.ArrayNode)
            tree.path("pairs").path(0).path("drill").path("timeline");
    var events = timeline.deepCopy();
    for (int i = 0; i < 12; i++) {
      timeline.addAll(events.deepCopy());
    }
    ReportFiles files = render("en", tree, dir);
    try (PDDocument pdf = Loader.loadPDF(files.pdf().toFile())) {
      PDFTextStripper text = new PDFTextStripper();
      int pagesWithHeader = 0;
      for (int page = 1; page <= pdf.getNumberOfPages(); page++) {
        text.setStartPage(page);
        text.setEndPage(page);
        if (text.getText(pdf).contains("Wall time (UTC)")) {
          pagesWithHeader++;
        }
      }
      assertThat(pagesWithHeader).as("the timeline's header on each of its pages").isGreaterThan(1);
    }
  }

  /** junit.xml: the run's identity as properties, a timestamp CI tools parse, time per case. */
  @Test
  void junitCarriesTheRunsPropertiesATimestampAndTimes(@TempDir Path dir) throws Exception {
    var tree = sampleRun();
    ReportFiles files = render("en", tree, dir);
    var xml =
        javax.xml.parsers.DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(files.junit().toFile());

    var suite = (org.w3c.dom.Element) xml.getElementsByTagName("testsuite").item(0);
    assertThat(suite.getAttribute("timestamp"))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
    assertThat(Double.parseDouble(suite.getAttribute("time")))
        .isCloseTo(
            tree.path("durationMillis").asDouble() / 1000,
            org.assertj.core.data.Offset.offset(0.001));
    java.util.Map<String, String> properties = new java.util.HashMap<>();
    var list = xml.getElementsByTagName("property");
    for (int i = 0; i < list.getLength(); i++) {
      var p = (org.w3c.dom.Element) list.item(i);
      properties.put(p.getAttribute("name"), p.getAttribute("value"));
    }
    assertThat(properties)
        .containsEntry("art32.runId", tree.path("runId").asText())
        .containsEntry("art32.rulesVersion", tree.path("rulesVersion").asText())
        .containsEntry("art32.configDigest", tree.path("configDigest").asText());
    var cases = xml.getElementsByTagName("testcase");
    boolean timed = false;
    for (int i = 0; i < cases.getLength(); i++) {
      var c = (org.w3c.dom.Element) cases.item(i);
      assertThat(c.getAttribute("time")).as(c.getAttribute("name")).matches("\\d+\\.\\d{3}");
      if (c.getAttribute("name").startsWith("CONSISTENCY-TABLES")) {
        timed = true;
        assertThat(Double.parseDouble(c.getAttribute("time")))
            .isCloseTo(
                tree.path("pairs").path(0).path("consistency").path("millis").asDouble() / 1000,
                org.assertj.core.data.Offset.offset(0.001));
      }
    }
    assertThat(timed).isTrue();
  }

  /**
   * Page 1 names the data controller from art32.yaml's controller: block, or says it is missing.
   */
  @Test
  void pageOneNamesTheDataControllerOrSaysItIsNotStated(@TempDir Path dir) throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    var tree =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            json.readTree(Path.of("sample-reports/en/evidence.json").toFile());
    OutputOptions nb = new OutputOptions("nb", Gate.DEFAULT, null, null, null);
    String missing =
        Files.readString(
            new ReportWriter(new Resources("templates", null), nb)
                .write(tree.deepCopy(), dir.resolve("missing"))
                .html());
    tree.set(
        "controller",
        json.valueToTree(
            new eu.art32.config.Controller(
                "Eksempel Handel AS",
                "999 999 999",
                "Nettbutikk",
                List.of("kundenavn og adresser", "ordrehistorikk"),
                "personvernombud@eksempel.no")));
    ReportFiles stated =
        new ReportWriter(new Resources("templates", null), nb).write(tree, dir.resolve("stated"));

    assertThat(missing)
        .contains("Behandlingsansvarlig", "ikke oppgitt: art32.yaml har ingen controller:");
    String html = Files.readString(stated.html());
    int pageOne = html.indexOf("id=\"keyfigures\"");
    assertThat(html.substring(0, pageOne))
        .contains(
            "Behandlingsansvarlig",
            "Eksempel Handel AS",
            "Organisasjonsnummer 999 999 999",
            "kundenavn og adresser; ordrehistorikk",
            "personvernombud@eksempel.no")
        .doesNotContain("ikke oppgitt: art32.yaml");
    assertThat(
            json.readTree(stated.evidenceJson().toFile())
                .path("controller")
                .path("organisationNumber")
                .asText())
        .isEqualTo("999 999 999");
  }

  /** Page 1 says how the pair was tested and sets RTO and RPO beside their objectives. */
  @Test
  void pageOneCarriesTheDrillFiguresAgainstTheirObjectives(@TempDir Path dir) throws Exception {
    for (String lang : List.of("en", "nb")) {
      ReportFiles files =
          new ReportWriter(
                  new Resources("templates", null),
                  new OutputOptions(lang, Gate.DEFAULT, null, null, null))
              .write(withDrill("20261101T000000Z-aaa1", 140.5, 1.25), dir.resolve(lang));
      String firstPage;
      try (PDDocument pdf = Loader.loadPDF(files.pdf().toFile())) {
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setEndPage(1);
        firstPage = stripper.getText(pdf).replace('\u00a0', ' ').replaceAll("\\s+", " ");
      }
      if (lang.equals("en")) {
        assertThat(firstPage)
            .contains("Key figures", "How the pair was tested", "fault kill, promotion built-in")
            .contains("140.5 ms", "objective 60,000 ms", "1 of 100 acknowledged commits lost")
            .contains("loss window 1.25 ms", "objective 1,000 ms", "REPL-SYNC-BINLOG");
      } else {
        assertThat(firstPage)
            .contains(
                "Nøkkeltall",
                "Slik ble paret testet",
                "feil prosessen drept (kill), promotering innebygd")
            .contains("140,5 ms", "mål 60 000 ms", "1 av 100 bekreftede transaksjoner tapt")
            .contains("tapsvindu 1,25 ms", "mål 1 000 ms", "AVVIK", "REPL-SYNC-BINLOG")
            .doesNotContain("140.5", "1.25");
      }
    }
  }

  @Test
  void theHistoryGivesATrendOfRtoAndLossWindow(@TempDir Path dir) throws Exception {
    OutputOptions options =
        new OutputOptions("en", Gate.DEFAULT, dir.resolve("history"), null, null);
    new ReportWriter(new Resources("templates", null), options)
        .write(withDrill("20261101T000000Z-aaa1", 140.5, 0.0), dir.resolve("r1"));
    ReportFiles second =
        new ReportWriter(new Resources("templates", null), options)
            .write(withDrill("20261126T000000Z-aaa2", 95.25, 1.5), dir.resolve("r2"));

    String html = Files.readString(second.html());
    assertThat(html)
        .contains(
            "RTO and loss window per run",
            "20261101T000000Z-aaa1",
            "20261126T000000Z-aaa2",
            "140.5",
            "95.25",
            "<rect");
    try (PDDocument pdf = Loader.loadPDF(second.pdf().toFile())) {
      assertThat(new PDFTextStripper().getText(pdf))
          .contains("Earlier runs", "20261101T000000Z-aaa1");
    }
  }

  /**
   * SVG coordinates are read by a machine, not a reader: in a bokmål report they must not carry the
   * decimal comma or the thousands space ("54,8" drew no bar at all in the nb PDF).
   */
  @Test
  void chartCoordinatesAreLocaleNeutralInEveryLanguage(@TempDir Path dir) throws Exception {
    for (String lang : List.of("nb", "en")) {
      OutputOptions options =
          new OutputOptions(lang, Gate.DEFAULT, dir.resolve(lang + "-history"), null, null);
      new ReportWriter(new Resources("templates", null), options)
          .write(withDrill("20261101T000000Z-aaa1", 140.5, 0.0), dir.resolve(lang + "-r1"));
      ReportFiles files =
          new ReportWriter(new Resources("templates", null), options)
              .write(withDrill("20261126T000000Z-aaa2", 95.25, 1.5), dir.resolve(lang + "-r2"));

      org.jsoup.nodes.Document html =
          org.jsoup.Jsoup.parse(
              Files.readString(files.html()), "", org.jsoup.parser.Parser.xmlParser());
      var svgs = html.select("svg");
      assertThat(svgs).as(lang + ": the trend is drawn").isNotEmpty();
      int checked = 0;
      for (org.jsoup.nodes.Element e : svgs.select("*")) {
        for (String name :
            List.of("x", "y", "x1", "y1", "x2", "y2", "width", "height", "viewBox")) {
          if (e.hasAttr(name)) {
            assertThat(e.attr(name))
                .as(lang + ": " + e.tagName() + " " + name)
                .matches("-?\\d+(\\.\\d+)?( -?\\d+(\\.\\d+)?)*");
            checked++;
          }
        }
      }
      assertThat(checked).as(lang + ": coordinates found").isGreaterThan(20);
    }
  }

  @Test
  void markdownCannotBeInjected() {
    assertThat(MarkdownSummary.escape("a|b <img src=x> [link](http://x) *bold*"))
        .isEqualTo("a\\|b &lt;img src=x&gt; \\[link\\](http://x) \\*bold\\*");
  }

  /**
   * The sample run's PDF, in both languages, passes veraPDF as PDF/A-3u and as PDF/UA-1: every
   * chart is a Figure with its text, every link has its description, and the appendix's link to
   * evidence.json is a file attachment annotation that opens the embedded copy.
   */
  @Test
  void theSampleReportIsPdfA3uAndPdfUa1InBothLanguages(@TempDir Path dir) throws Exception {
    VeraGreenfieldFoundryProvider.initialise();
    for (String lang : List.of("en", "nb")) {
      ReportFiles files = render(lang, sampleRun(), dir.resolve(lang));
      for (PDFAFlavour flavour : List.of(PDFAFlavour.PDFA_3_U, PDFAFlavour.PDFUA_1)) {
        try (InputStream in = Files.newInputStream(files.pdf());
            PDFAParser parser = Foundries.defaultInstance().createParser(in, flavour);
            PDFAValidator validator = Foundries.defaultInstance().createValidator(flavour, false)) {
          List<String> failures =
              validator.validate(parser).getTestAssertions().stream()
                  .filter(a -> a.getStatus() == TestAssertion.Status.FAILED)
                  .map(a -> a.getRuleId().getClause() + " " + a.getMessage())
                  .distinct()
                  .toList();
          assertThat(failures).as(lang + ": veraPDF " + flavour.getId() + " failures").isEmpty();
        }
      }
      org.jsoup.nodes.Document html = org.jsoup.Jsoup.parse(Files.readString(files.html()));
      assertThat(html.select("svg")).as(lang + ": charts").hasSizeGreaterThan(3);
      for (org.jsoup.nodes.Element svg : html.select("svg")) {
        assertThat(svg.attr("role")).isEqualTo("img");
        assertThat(svg.attr("aria-label")).as(lang + ": a chart's text").contains(" ms");
      }
      try (PDDocument pdf = Loader.loadPDF(files.pdf().toFile())) {
        List<org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationFileAttachment> clips =
            new java.util.ArrayList<>();
        for (var page : pdf.getPages()) {
          for (var a : page.getAnnotations()) {
            if (a
                instanceof
                org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationFileAttachment f) {
              clips.add(f);
            }
          }
        }
        assertThat(clips).as(lang + ": the appendix's link to evidence.json").hasSize(1);
        var spec =
            (org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification)
                clips.get(0).getFile();
        assertThat(spec.getEmbeddedFile().toByteArray())
            .isEqualTo(Files.readAllBytes(files.evidenceJson()));
        assertThat(clips.get(0).getContents()).contains("evidence.json");
      }
    }
  }

  /**
   * Each chart of the bokmål PDF draws its bars: as many fills in the bars' colour as the HTML has
   * bars of some height (a coordinate written "54,8" drew nothing at all).
   */
  @Test
  void everyChartInTheBokmalPdfDrawsItsBars(@TempDir Path dir) throws Exception {
    ReportFiles files = render("nb", sampleRun(), dir);
    long bars =
        org.jsoup.Jsoup.parse(Files.readString(files.html()))
            .select("svg rect[fill=#2f6690]")
            .stream()
            .filter(r -> Double.parseDouble(r.attr("height")) > 0)
            .count();
    assertThat(bars).as("bars in the HTML").isGreaterThan(20);
    long drawn = 0;
    try (PDDocument pdf = Loader.loadPDF(files.pdf().toFile())) {
      for (var page : pdf.getPages()) {
        BarCounter counter = new BarCounter(page);
        counter.processPage(page);
        drawn += counter.fills;
      }
    }
    assertThat(drawn).as("bars drawn in the PDF").isEqualTo(bars);
  }

  /** Counts the fills in the charts' bar colour (#2f6690) on one page. */
  private static final class BarCounter
      extends org.apache.pdfbox.contentstream.PDFGraphicsStreamEngine {
    long fills;

    BarCounter(org.apache.pdfbox.pdmodel.PDPage page) {
      super(page);
    }

    @Override
    public void fillPath(int windingRule) throws java.io.IOException {
      float[] rgb =
          getGraphicsState().getNonStrokingColor().getColorSpace()
                  instanceof org.apache.pdfbox.pdmodel.graphics.color.PDDeviceRGB
              ? getGraphicsState().getNonStrokingColor().getComponents()
              : getGraphicsState()
                  .getNonStrokingColor()
                  .getColorSpace()
                  .toRGB(getGraphicsState().getNonStrokingColor().getComponents());
      if (rgb.length == 3
          && Math.abs(rgb[0] - 0x2f / 255f) < 0.02
          && Math.abs(rgb[1] - 0x66 / 255f) < 0.02
          && Math.abs(rgb[2] - 0x90 / 255f) < 0.02) {
        fills++;
      }
    }

    @Override
    public void appendRectangle(
        java.awt.geom.Point2D p0,
        java.awt.geom.Point2D p1,
        java.awt.geom.Point2D p2,
        java.awt.geom.Point2D p3) {}

    @Override
    public void drawImage(org.apache.pdfbox.pdmodel.graphics.image.PDImage pdImage) {}

    @Override
    public void clip(int windingRule) {}

    @Override
    public void moveTo(float x, float y) {}

    @Override
    public void lineTo(float x, float y) {}

    @Override
    public void curveTo(float x1, float y1, float x2, float y2, float x3, float y3) {}

    @Override
    public java.awt.geom.Point2D getCurrentPoint() {
      return new java.awt.geom.Point2D.Float();
    }

    @Override
    public void closePath() {}

    @Override
    public void endPath() {}

    @Override
    public void strokePath() {}

    @Override
    public void fillAndStrokePath(int windingRule) throws java.io.IOException {
      fillPath(windingRule);
    }

    @Override
    public void shadingFill(org.apache.pdfbox.cos.COSName shadingName) {}
  }

  /** The committed sample evidence: a real demo run. */
  private static com.fasterxml.jackson.databind.node.ObjectNode sampleRun() throws Exception {
    return (com.fasterxml.jackson.databind.node.ObjectNode)
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(Path.of("sample-reports/en/evidence.json").toFile());
  }

  /** Every output of {@code tree} in {@code lang}, into {@code dir}. */
  private static ReportFiles render(
      String lang, com.fasterxml.jackson.databind.node.ObjectNode tree, Path dir) throws Exception {
    return new ReportWriter(
            new Resources("templates", null),
            new OutputOptions(lang, Gate.DEFAULT, null, null, null))
        .write(tree, dir);
  }
}
