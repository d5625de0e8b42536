package eu.art32.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.art32.cli.CliRun;
import eu.art32.evidence.EvidenceJson;
import eu.art32.report.Gate;
import eu.art32.report.OutputOptions;
import eu.art32.report.ReportWriter;
import eu.art32.report.ReportWriterFixture;
import eu.art32.rules.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What `art32 verify` says it proved, one tampering case per test on real run directories: the
 * change, the exit code and the words of the message.
 */
class VerifyAccountTest {
  private static final String FIRST = "20261126T000000Z-abc0";
  private static final String LAST = "20261126T000001Z-abc1";

  /** Two runs in one history, signed with {@code keys} or unsigned when null. */
  private static Path history(Path dir, Path[] keys) throws Exception {
    Path history = dir.resolve("history");
    OutputOptions options =
        new OutputOptions(
            "en",
            Gate.DEFAULT,
            history,
            keys == null ? null : keys[0],
            keys == null ? null : keys[1]);
    new ReportWriter(new Resources("templates", null), options)
        .write(ReportWriterFixture.run("shop", FIRST), dir.resolve("out0"));
    new ReportWriter(new Resources("templates", null), options)
        .write(ReportWriterFixture.run("shop", LAST), dir.resolve("out1"));
    return history;
  }

  private static String sha(Path file) throws Exception {
    return EvidenceJson.sha256(Files.readAllBytes(file));
  }

  /** Writes {@code file} anew and puts its new digest into the (unsigned) manifest beside it. */
  private static void rewriteListed(Path file, byte[] bytes) throws Exception {
    String before = sha(file);
    Files.write(file, bytes);
    Path manifest = file.resolveSibling("manifest.json");
    Files.writeString(manifest, Files.readString(manifest).replace(before, sha(file)));
  }

  @Test
  void anUntouchedSignedHistoryIsAccountedForRunByRunWithTheKeyAndTheHead(@TempDir Path dir)
      throws Exception {
    Path[] keys = Signer.generate(dir.resolve("keys"));
    Path history = history(dir, keys);
    String head = sha(history.resolve(LAST).resolve("manifest.json"));
    String fingerprint = Signer.fingerprint(keys[1]);

    CliRun run = CliRun.of("verify", history.toString(), "--strict", "--head", head);

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains(
            "run " + FIRST + ": 5 file(s) match the manifest; signed by Ed25519 key " + fingerprint,
            "PDF: attached evidence and printed digest equal evidence.json",
            "chain: 2 run(s) from " + FIRST + " to " + LAST + ", each naming the manifest",
            "head: " + LAST + ", manifest SHA-256 " + head,
            "(not pinned: --public-key)");
    assertThat(run.err()).isEmpty();
    assertThat(fingerprint).startsWith("SHA256:").hasSize(7 + 64);
  }

  @Test
  void theFingerprintIsWhatOpensslAndSha256sumPrint(@TempDir Path dir) throws Exception {
    Path[] keys = Signer.generate(dir.resolve("keys"));
    Process p =
        new ProcessBuilder(
                "sh",
                "-c",
                "openssl pkey -pubin -in '" + keys[1] + "' -outform DER | sha256sum",
                keys[1].toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(Signer.fingerprint(keys[1])).isEqualTo("SHA256:" + out.split("\\s+")[0]);
  }

  @Test
  void aWrongHeadFailsNamingTheNewestRun(@TempDir Path dir) throws Exception {
    Path history = history(dir, Signer.generate(dir.resolve("keys")));
    String older = sha(history.resolve(FIRST).resolve("manifest.json"));

    CliRun run = CliRun.of("verify", history.toString(), "--head", older);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("error: the newest run is " + LAST + " with manifest SHA-256 ")
        .contains("not the head " + older + " that was given (--head)");
    // a head that cannot be one is a usage error, before anything is verified
    CliRun shortHead = CliRun.of("verify", history.toString(), "--head", "abc");
    assertThat(shortHead.exitCode()).isEqualTo(2);
    assertThat(shortHead.err()).contains("--head: expected 12 to 64 hex digits", "found 'abc'");
    CliRun notHex = CliRun.of("verify", history.toString(), "--head", "zzzzzzzzzzzzzzzz");
    assertThat(notHex.exitCode()).isEqualTo(2);
  }

  @Test
  void anExtraFileInARunOrBesideTheRunsIsAWarningAndFailsWithStrict(@TempDir Path dir)
      throws Exception {
    Path history = history(dir, Signer.generate(dir.resolve("keys")));
    Path planted = Files.writeString(history.resolve(LAST).resolve("notes.txt"), "added later");
    Path beside = Files.writeString(history.resolve("README"), "added later");

    CliRun lenient = CliRun.of("verify", history.toString());
    assertThat(lenient.exitCode()).as(lenient.err()).isZero();
    assertThat(lenient.err())
        .contains("warning: run " + LAST + ": " + planted + " is in no manifest (an extra file)")
        .contains("warning: history " + history + ": " + beside + " is in no run");
    assertThat(lenient.out()).contains("2 warning(s) (--strict fails on them)");

    CliRun strict = CliRun.of("verify", history.toString(), "--strict");
    assertThat(strict.exitCode()).isEqualTo(1);
    assertThat(strict.err())
        .contains("error: run " + LAST + ": " + planted + " is in no manifest")
        .contains("(--strict)");
  }

  @Test
  void anUnsignedRunSaysSoAndFailsWithStrictOrAPinnedKey(@TempDir Path dir) throws Exception {
    Path history = history(dir, null);
    Path pub = Signer.generate(dir.resolve("keys"))[1];

    CliRun lenient = CliRun.of("verify", history.toString());
    assertThat(lenient.exitCode()).as(lenient.err()).isZero();
    assertThat(lenient.out()).contains("run " + LAST + ": 5 file(s) match the manifest; UNSIGNED");
    assertThat(lenient.err()).contains("warning: run " + LAST + " is UNSIGNED");

    assertThat(CliRun.of("verify", history.toString(), "--strict").exitCode()).isEqualTo(1);
    CliRun pinned = CliRun.of("verify", history.toString(), "--public-key", pub.toString());
    assertThat(pinned.exitCode()).isEqualTo(1);
    assertThat(pinned.err()).contains("is not signed, but a public key was given");
  }

  /**
   * The unsigned run whose evidence was edited and whose manifest digest was fixed: the PDF still
   * carries the evidence as written, so the edit shows.
   */
  @Test
  void editedEvidenceWithAFixedManifestIsCaughtByThePdf(@TempDir Path dir) throws Exception {
    Path history = history(dir, null);
    Path evidence = history.resolve(LAST).resolve("evidence.json");
    ObjectNode tree = (ObjectNode) new ObjectMapper().readTree(evidence.toFile());
    tree.put("operator", "someone else");
    rewriteListed(evidence, EvidenceJson.toJson(tree).getBytes());

    CliRun run = CliRun.of("verify", history.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains(
            "error: run "
                + LAST
                + ": the evidence.json attached to "
                + history.resolve(LAST).resolve("report.pdf")
                + " is not "
                + evidence)
        .contains("does not print the evidence digest " + sha(evidence));
    assertThat(run.out()).contains("PDF: does NOT match evidence.json");
  }

  @Test
  void thePdfOfAnotherRunIsCaught(@TempDir Path dir) throws Exception {
    Path history = history(dir, null);
    rewriteListed(
        history.resolve(LAST).resolve("report.pdf"),
        Files.readAllBytes(history.resolve(FIRST).resolve("report.pdf")));

    CliRun run = CliRun.of("verify", history.resolve(LAST).toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("the evidence.json attached to", "does not print the evidence");
  }

  @Test
  void aStrippedOrForeignSignatureIsNamed(@TempDir Path dir) throws Exception {
    Path[] keys = Signer.generate(dir.resolve("keys"));
    Path history = history(dir, keys);
    Path manifestFile = history.resolve(LAST).resolve("manifest.json");
    Manifest manifest = Manifest.read(manifestFile);

    new Manifest(
            manifest.schema(),
            manifest.runId(),
            manifest.createdAt(),
            manifest.previousRunId(),
            manifest.previousManifestSha256(),
            manifest.artifacts(),
            manifest.rendering(),
            null)
        .write(history.resolve(LAST));
    CliRun stripped = CliRun.of("verify", history.resolve(LAST).toString());
    assertThat(stripped.exitCode()).isZero();
    assertThat(stripped.out()).contains("UNSIGNED");
    CliRun strippedPinned =
        CliRun.of("verify", history.resolve(LAST).toString(), "--public-key", keys[1].toString());
    assertThat(strippedPinned.exitCode()).isEqualTo(1);
    assertThat(strippedPinned.err()).contains("is not signed, but a public key was given");

    Path[] other = Signer.generate(dir.resolve("other"));
    Signer.load(other[0], other[1]).sign(manifest).write(history.resolve(LAST));
    CliRun foreign = CliRun.of("verify", history.resolve(LAST).toString());
    assertThat(foreign.exitCode()).as("a valid signature, by an unpinned key").isZero();
    assertThat(foreign.out()).contains("signed by Ed25519 key " + Signer.fingerprint(other[1]));
    CliRun pinned =
        CliRun.of("verify", history.resolve(LAST).toString(), "--public-key", keys[1].toString());
    assertThat(pinned.exitCode()).isEqualTo(1);
    assertThat(pinned.err())
        .contains(
            "is signed with a different key than the one given ("
                + Signer.fingerprint(other[1])
                + ", given "
                + Signer.fingerprint(keys[1])
                + ")");
  }

  @Test
  void aRenderIsVerifiedAgainstTheRunItNames(@TempDir Path dir) throws Exception {
    Path[] keys = Signer.generate(dir.resolve("keys"));
    Path history = history(dir, keys);
    CliRun render =
        CliRun.of(
            "report",
            "--from",
            history.resolve(FIRST).resolve("evidence.json").toString(),
            "--lang",
            "nb",
            "--history",
            history.toString(),
            "--sign-key",
            keys[0].toString(),
            "--sign-pub",
            keys[1].toString(),
            "--out",
            dir.resolve("again").toString());
    assertThat(render.exitCode()).as(render.err()).isIn(0, 1);

    CliRun ok = CliRun.of("verify", history.toString(), "--strict");
    assertThat(ok.exitCode()).as(ok.err()).isZero();
    assertThat(ok.out())
        .containsPattern("render " + FIRST + "/renders/\\S+-nb: rendered \\S+ from run " + FIRST)
        .contains("chain: 2 run(s)");

    List<Path> renders;
    try (var list = Files.list(history.resolve(FIRST).resolve(History.RENDERS))) {
      renders = list.toList();
    }
    Path moved = history.resolve(LAST).resolve(History.RENDERS).resolve("moved-nb");
    Files.createDirectories(moved.getParent());
    Files.move(renders.get(0), moved);
    CliRun wrong = CliRun.of("verify", history.toString());
    assertThat(wrong.exitCode()).isEqualTo(1);
    assertThat(wrong.err())
        .contains(
            "render " + LAST + "/renders/moved-nb: its manifest names run " + FIRST,
            "as its source, not run " + LAST);
  }

  @Test
  void aSignedRenderNeedsAVerifiedSourceAndRecordsIt(@TempDir Path dir) throws Exception {
    Path[] keys = Signer.generate(dir.resolve("keys"));
    Path history = history(dir, null);
    Path evidence = history.resolve(LAST).resolve("evidence.json");
    String sourceManifest = sha(history.resolve(LAST).resolve("manifest.json"));
    Path out = dir.resolve("signed");

    CliRun signed =
        CliRun.of(
            "report",
            "--from",
            evidence.toString(),
            "--lang",
            "nb",
            "--fail-on",
            "critical",
            "--sign-key",
            keys[0].toString(),
            "--sign-pub",
            keys[1].toString(),
            "--out",
            out.toString());

    assertThat(signed.exitCode()).as(signed.err()).isZero();
    assertThat(signed.out()).contains("gate: PASS (0 finding(s) fail at --fail-on critical");
    Manifest.Rendering rendering = Manifest.read(out.resolve("manifest.json")).rendering();
    assertThat(rendering.rerenderOf()).isEqualTo(sourceManifest);
    assertThat(rendering.language()).isEqualTo("nb");
    assertThat(rendering.template()).isEqualTo("jar:templates/report.ftlh");
    assertThat(rendering.templateSha256()).hasSize(64);
    assertThat(rendering.renderedBy()).startsWith("art32 ");
    assertThat(Files.readString(history.resolve(LAST).resolve("manifest.json")))
        .as("a fresh run records how it was rendered, with no source")
        .contains("\"rendering\"", "\"rerenderOf\" : null");

    ObjectNode tree = (ObjectNode) new ObjectMapper().readTree(evidence.toFile());
    tree.put("operator", "someone else");
    rewriteListed(evidence, EvidenceJson.toJson(tree).getBytes());
    Path refused = dir.resolve("refused");
    CliRun forged =
        CliRun.of(
            "report",
            "--from",
            evidence.toString(),
            "--sign-key",
            keys[0].toString(),
            "--sign-pub",
            keys[1].toString(),
            "--out",
            refused.toString());
    assertThat(forged.exitCode()).isEqualTo(2);
    assertThat(forged.err())
        .contains("error: --sign-key: --from " + evidence + " is not signed again")
        .contains("the evidence.json attached to")
        .hasLineCount(1);
    assertThat(refused).doesNotExist();

    Path loose = Files.copy(out.resolve("evidence.json"), out.resolve("loose.json"));
    CliRun bare =
        CliRun.of(
            "report",
            "--from",
            loose.toString(),
            "--sign-key",
            keys[0].toString(),
            "--sign-pub",
            keys[1].toString(),
            "--out",
            refused.toString());
    assertThat(bare.exitCode()).isEqualTo(2);
    assertThat(bare.err()).contains("does not list loose.json");
  }

  /** The commands the report's appendix gives, run as printed, agree with what it prints. */
  @Test
  void theAppendixCommandsCheckThePrintedDigestAndKey(@TempDir Path dir) throws Exception {
    Path[] keys = Signer.generate(dir.resolve("keys"));
    Path history = history(dir, keys);
    Path run = history.resolve(LAST);
    Files.copy(keys[1], run.resolveSibling("art32-ed25519.pub"));
    String text;
    try (var pdf = org.apache.pdfbox.Loader.loadPDF(run.resolve("report.pdf").toFile())) {
      text = new org.apache.pdfbox.text.PDFTextStripper().getText(pdf).replaceAll("\\s", "");
    }
    assertThat(text)
        .contains("sha256sumevidence.json")
        .contains("opensslpkey-pubin-inart32-ed25519.pub-outformDER|sha256sum")
        .contains("art32verify.--public-keyart32-ed25519.pub--strict");

    String evidenceSum = shell(run, "sha256sum evidence.json").split("\\s+")[0];
    String keySum =
        shell(run, "openssl pkey -pubin -in ../art32-ed25519.pub -outform DER | sha256sum")
            .split("\\s+")[0];

    assertThat(text).contains(evidenceSum).contains("SHA256:" + keySum);
    assertThat(evidenceSum).isEqualTo(sha(run.resolve("evidence.json")));
    assertThat("SHA256:" + keySum).isEqualTo(Signer.fingerprint(keys[1]));

    String openssl =
        "openssl pkeyutl -verify -pubin -inkey ../art32-ed25519.pub -rawin -in manifest.signed"
            + " -sigfile manifest.sig";
    assertThat(text)
        .contains(
            "opensslpkeyutl-verify-pubin-inkeyart32-ed25519.pub-rawin-inmanifest.signed"
                + "-sigfilemanifest.sig");
    assertThat(shell(run, openssl)).contains("Signature Verified Successfully");
    assertThat(Files.readString(run.resolve("manifest.signed")))
        .as("what the signature covers lists the digest sha256sum printed")
        .contains(evidenceSum);

    byte[] signed = Files.readAllBytes(run.resolve("manifest.signed"));
    signed[signed.length / 2] ^= 1;
    Files.write(run.resolve("manifest.signed"), signed);
    Process refused =
        new ProcessBuilder("sh", "-c", openssl)
            .directory(run.toFile())
            .redirectErrorStream(true)
            .start();
    refused.getInputStream().readAllBytes();
    assertThat(refused.waitFor()).as("openssl refuses a changed manifest.signed").isNotZero();
    CliRun verify = CliRun.of("verify", run.toString());
    assertThat(verify.exitCode()).isEqualTo(1);
    assertThat(verify.err()).contains("manifest.signed is not what manifest.json signs");
  }

  private static String shell(Path dir, String command) throws Exception {
    Process p =
        new ProcessBuilder("sh", "-c", command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    assertThat(p.waitFor()).as(command + ": " + out).isZero();
    return out;
  }
}
