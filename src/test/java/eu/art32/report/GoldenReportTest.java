package eu.art32.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.art32.rules.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The report of a frozen real run (src/test/resources/golden/evidence.json, a demo run) rendered in
 * English and in bokmål, as HTML and as the PDF's text, compared with the files committed beside
 * it: any change to what a reader sees shows up here as a diff to review. After a deliberate
 * change, write the files again with {@code ./mvnw test -Dtest=GoldenReportTest
 * -Dart32.golden.update=true} and commit them.
 */
class GoldenReportTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");

  @ParameterizedTest
  @ValueSource(strings = {"en", "nb"})
  void theReportOfTheFrozenRunIsTheCommittedOne(String lang, @TempDir Path dir) throws Exception {
    ObjectNode tree =
        (ObjectNode) new ObjectMapper().readTree(GOLDEN.resolve("evidence.json").toFile());
    ReportFiles files =
        new ReportWriter(
                new Resources("templates", null),
                new OutputOptions(lang, Gate.DEFAULT, null, null, null))
            .write(tree, dir);
    String html = Files.readString(files.html());
    String text;
    try (PDDocument pdf = Loader.loadPDF(files.pdf().toFile())) {
      text = new PDFTextStripper().getText(pdf);
    }
    Path goldenHtml = GOLDEN.resolve("report-" + lang + ".html");
    Path goldenText = GOLDEN.resolve("report-" + lang + ".pdf.txt");
    if (Boolean.getBoolean("art32.golden.update")) {
      Files.writeString(goldenHtml, html);
      Files.writeString(goldenText, text);
    }
    assertThat(html).as("report.html (" + lang + ")").isEqualTo(Files.readString(goldenHtml));
    assertThat(text).as("report.pdf text (" + lang + ")").isEqualTo(Files.readString(goldenText));
  }
}
