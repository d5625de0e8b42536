package eu.art32.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import eu.art32.EnvironmentException;
import eu.art32.cli.CliRun;
import eu.art32.report.Gate;
import eu.art32.report.OutputOptions;
import eu.art32.report.ReportWriter;
import eu.art32.report.ReportWriterFixture;
import eu.art32.rules.Resources;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 3161 timestamps on manifests, from a time-stamping authority run in the test JVM. */
class TimestampTest {
  private static final String FIRST = "20261126T000000Z-abc0";
  private static final String LAST = "20261126T000001Z-abc1";

  private static Path history(Path dir, Path[] keys, URI tsa) throws Exception {
    Path history = dir.resolve("history");
    OutputOptions options =
        new OutputOptions(
            "en",
            Gate.DEFAULT,
            history,
            keys == null ? null : keys[0],
            keys == null ? null : keys[1],
            tsa);
    for (String run : new String[] {FIRST, LAST}) {
      new ReportWriter(new Resources("templates", null), options)
          .write(ReportWriterFixture.run("shop", run), dir.resolve("out-" + run));
    }
    return history;
  }

  @Test
  void aTimestampedHistoryVerifiesWithArt32AndWithOpenssl(@TempDir Path dir) throws Exception {
    try (LocalTsa tsa = new LocalTsa("art32 test TSA")) {
      Path[] keys = Signer.generate(dir.resolve("keys"));
      Path history = history(dir, keys, tsa.url());
      Path cert = tsa.certificatePem(dir);
      Path run = history.resolve(LAST);
      assertThat(run.resolve(Timestamps.FILE)).isNotEmptyFile();
      String text;
      try (var pdf = org.apache.pdfbox.Loader.loadPDF(run.resolve("report.pdf").toFile())) {
        text = new org.apache.pdfbox.text.PDFTextStripper().getText(pdf).replaceAll("\\s", "");
      }
      assertThat(text)
          .as("the appendix gives the command below")
          .contains("opensslts-verify-datamanifest.signed-inmanifest.tsr-token_in-CAfiletsa.pem")
          .contains(tsa.url().toString());

      CliRun verify =
          CliRun.of(
              "verify",
              history.toString(),
              "--strict",
              "--public-key",
              keys[1].toString(),
              "--tsa-cert",
              cert.toString());

      assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
      assertThat(verify.out())
          .contains("; timestamped ")
          .contains(" by CN=art32 test TSA (certificate SHA-256 ")
          .contains("the authority given)");

      Files.copy(cert, run.resolve("tsa.pem"));
      Process openssl =
          new ProcessBuilder(
                  "sh",
                  "-c",
                  "openssl ts -verify -data manifest.signed -in manifest.tsr -token_in -CAfile"
                      + " tsa.pem")
              .directory(run.toFile())
              .redirectErrorStream(true)
              .start();
      String out = new String(openssl.getInputStream().readAllBytes());
      assertThat(openssl.waitFor()).as(out).isZero();
      assertThat(out).contains("Verification: OK");
    }
  }

  @Test
  void aChangedMovedOrForeignTokenIsCaught(@TempDir Path dir) throws Exception {
    try (LocalTsa tsa = new LocalTsa("art32 test TSA");
        LocalTsa other = new LocalTsa("another TSA")) {
      Path history = history(dir, null, tsa.url());
      Path token = history.resolve(LAST).resolve(Timestamps.FILE);
      byte[] original = Files.readAllBytes(token);

      CliRun unsigned = CliRun.of("verify", history.toString());
      assertThat(unsigned.exitCode()).as(unsigned.err()).isZero();
      assertThat(unsigned.out()).contains("UNSIGNED; timestamped ", "not pinned: --tsa-cert");

      CliRun foreign =
          CliRun.of(
              "verify", history.toString(), "--tsa-cert", other.certificatePem(dir).toString());
      assertThat(foreign.exitCode()).isEqualTo(1);
      assertThat(foreign.err())
          .contains("the timestamp is signed by CN=art32 test TSA")
          .contains("not by the authority given (--tsa-cert)");

      Files.copy(
          history.resolve(FIRST).resolve(Timestamps.FILE),
          token,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      CliRun moved = CliRun.of("verify", history.toString());
      assertThat(moved.exitCode()).isEqualTo(1);
      assertThat(moved.err())
          .contains(token + ": the timestamp covers other data than manifest.signed");

      byte[] changed = original.clone();
      changed[changed.length - 20] ^= 1;
      Files.write(token, changed);
      CliRun flipped = CliRun.of("verify", history.toString());
      assertThat(flipped.exitCode()).isEqualTo(1);
      assertThat(flipped.err()).contains(token + ": ");

      Files.delete(token);
      CliRun missing =
          CliRun.of("verify", history.toString(), "--tsa-cert", tsa.certificatePem(dir).toString());
      assertThat(missing.exitCode()).isEqualTo(1);
      assertThat(missing.err())
          .contains("run " + LAST + " is not timestamped, but a time-stamping");
    }
  }

  @Test
  void anUnreachableAuthorityLeavesTheRunWrittenAndStoredAndExits3(@TempDir Path dir)
      throws Exception {
    URI closed;
    try (LocalTsa gone = new LocalTsa("gone")) {
      closed = gone.url();
    }
    Path history = dir.resolve("history");
    EnvironmentException e =
        catchThrowableOfType(
            EnvironmentException.class,
            () ->
                new ReportWriter(
                        new Resources("templates", null),
                        new OutputOptions("en", Gate.DEFAULT, history, null, null, closed))
                    .write(ReportWriterFixture.run("shop", FIRST), dir.resolve("out")));
    assertThat(e.getMessage())
        .contains("run " + FIRST + " is written to " + dir.resolve("out"))
        .contains("and stored in " + history.resolve(FIRST))
        .contains("but its manifest is not timestamped: no timestamp from " + closed);
    assertThat(CliRun.of("verify", history.toString()).exitCode()).isZero();

    CliRun report =
        CliRun.of(
            "report",
            "--from",
            dir.resolve("out/evidence.json").toString(),
            "--timestamp-authority",
            closed.toString(),
            "--out",
            dir.resolve("again").toString());
    assertThat(report.exitCode()).isEqualTo(3);
    assertThat(report.err()).contains("is not timestamped").hasLineCount(1);
    assertThat(dir.resolve("again/report.pdf")).isNotEmptyFile();
  }
}
