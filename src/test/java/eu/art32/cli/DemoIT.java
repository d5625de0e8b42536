package eu.art32.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `art32 demo` end to end: a real pair up, drilled, audited, reported, and gone again. */
class DemoIT {
  @Test
  void demoPrintsTheReportPathsAndCleansUp(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("reports");
    Path sandbox = dir.resolve("sandbox");

    CliRun run =
        CliRun.of(
            "demo",
            "--out",
            out.toString(),
            "--dir",
            sandbox.toString(),
            "--server",
            eu.art32.TestServer.kind().id());

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains(
            "starting a " + eu.art32.TestServer.kind().label() + " primary and replica",
            "failover drill on pair 'sandbox'",
            "RTO ",
            "failback restore: healthy",
            "evidence: " + out.resolve("evidence.json"),
            "report:   " + out.resolve("report.html"),
            "pdf:      " + out.resolve("report.pdf"),
            "sandbox stopped and removed");
    assertThat(sandbox).doesNotExist();
    try (PDDocument pdf = Loader.loadPDF(out.resolve("report.pdf").toFile())) {
      assertThat(new PDFTextStripper().getText(pdf))
          .contains(
              "Pair sandbox",
              eu.art32.TestServer.mysql() ? "REPL-GTID-MYSQL" : "REPL-GTID-STRICT",
              "PASS",
              "Failover drill",
              "DRILL-RTO",
              "DRILL-RPO");
    }
    assertThat(Files.readString(out.resolve("evidence.json")))
        .contains("\"command\" : \"art32 demo\"");
  }
}
