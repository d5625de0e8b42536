package eu.art32.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import eu.art32.cli.CliRun;
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

/** Manifests, the history chain and Ed25519 signatures, checked through `art32 verify`. */
class IntegrityTest {
  /** Three signed runs written into one history; returns the history directory. */
  private static Path history(Path dir, Path[] keys) throws Exception {
    Path history = dir.resolve("history");
    OutputOptions options = new OutputOptions("en", Gate.DEFAULT, history, keys[0], keys[1]);
    for (int i = 0; i < 3; i++) {
      new ReportWriter(new Resources("templates", null), options)
          .write(
              ReportWriterFixture.run("shop", "20261126T00000" + i + "Z-abc" + i),
              dir.resolve("out" + i));
    }
    return history;
  }

  /**
   * Two runs that end at the same moment into one history (two CI jobs sharing it) are chained one
   * after the other, never both after the same run: the history verifies.
   */
  @Test
  void runsWrittenAtOnceIntoOneHistoryChainOneAfterTheOther(@TempDir Path dir) throws Exception {
    Path[] keys = Signer.generate(dir.resolve("keys"));
    Path history = history(dir, keys);
    OutputOptions options = new OutputOptions("en", Gate.DEFAULT, history, keys[0], keys[1]);
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    List<java.util.concurrent.CompletableFuture<Void>> writers = new java.util.ArrayList<>();
    for (int i = 3; i < 7; i++) {
      String runId = "20261126T00000" + i + "Z-abc" + i;
      Path out = dir.resolve("out" + i);
      writers.add(
          java.util.concurrent.CompletableFuture.runAsync(
              () -> {
                try {
                  go.await();
                  new ReportWriter(new Resources("templates", null), options)
                      .write(ReportWriterFixture.run("shop", runId), out);
                } catch (Exception e) {
                  throw new java.util.concurrent.CompletionException(e);
                }
              },
              java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()));
    }
    go.countDown();
    writers.forEach(java.util.concurrent.CompletableFuture::join);

    CliRun run = CliRun.of("verify", history.toString(), "--public-key", keys[1].toString());
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    java.util.Set<String> predecessors = new java.util.HashSet<>();
    for (Path r : new History(history).runs()) {
      String previous = Manifest.read(r.resolve("manifest.json")).previousRunId();
      assertThat(previous == null || predecessors.add(previous))
          .as("no two runs chained after " + previous)
          .isTrue();
    }
    assertThat(predecessors).hasSize(6);
  }

  /** A link placed in a signed run is named by verify and fails it with --strict. */
  @Test
  void aSymbolicLinkInARunIsReportedAndNeverFollowed(@TempDir Path dir) throws Exception {
    Path[] keys = Signer.generate(dir.resolve("keys"));
    Path history = history(dir, keys);
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.createSymbolicLink(history.resolve("20261126T000001Z-abc1/more"), outside);
    Files.createSymbolicLink(history.resolve("elsewhere"), outside);

    CliRun strict = CliRun.of("verify", history.toString(), "--strict");
    assertThat(strict.exitCode()).isEqualTo(1);
    assertThat(strict.err())
        .contains("20261126T000001Z-abc1/more is a symbolic link to " + outside)
        .contains("elsewhere is a symbolic link to " + outside);
    CliRun lenient = CliRun.of("verify", history.toString());
    assertThat(lenient.exitCode()).isZero();
    assertThat(lenient.err()).contains("warning: ", "is a symbolic link");
  }

  @Test
  void anUntouchedSignedHistoryVerifies(@TempDir Path dir) throws Exception {
    Path[] keys = Signer.generate(dir.resolve("keys"));
    Path history = history(dir, keys);

    CliRun run = CliRun.of("verify", history.toString(), "--public-key", keys[1].toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("verified:");
    assertThat(Files.getPosixFilePermissions(keys[0])).hasSize(2);
    Manifest second = Manifest.read(history.resolve("20261126T000001Z-abc1/manifest.json"));
    assertThat(second.previousRunId()).isEqualTo("20261126T000000Z-abc0");
    assertThat(second.artifacts())
        .extracting(Manifest.Artifact::name)
        .containsExactly("evidence.json", "report.html", "report.pdf", "junit.xml", "summary.md");
  }

  /**
   * `art32 report --from E --history H` for a run H holds already (here once more in bokmål): the
   * render is stored beside the run with its own manifest naming the run's manifest, the run and
   * the chain stay untouched, verify passes and the run is not a second point of its own trend.
   */
  @Test
  void aRunRenderedAgainGoesBesideItAndTheChainStaysWhole(@TempDir Path dir) throws Exception {
    Path[] keys = Signer.generate(dir.resolve("keys"));
    Path history = history(dir, keys);
    Path last = history.resolve("20261126T000002Z-abc2");
    byte[] manifestBefore = Files.readAllBytes(last.resolve("manifest.json"));
    byte[] htmlBefore = Files.readAllBytes(last.resolve("report.html"));

    CliRun render =
        CliRun.of(
            "report",
            "--from",
            last.resolve("evidence.json").toString(),
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

    assertThat(render.exitCode()).as(render.out() + render.err()).isIn(0, 1);
    assertThat(Files.readAllBytes(last.resolve("manifest.json"))).isEqualTo(manifestBefore);
    assertThat(Files.readAllBytes(last.resolve("report.html"))).isEqualTo(htmlBefore);
    List<Path> renders;
    try (var list = Files.list(last.resolve(History.RENDERS))) {
      renders = list.toList();
    }
    assertThat(renders).hasSize(1);
    assertThat(renders.get(0).getFileName().toString()).endsWith("-nb");
    Manifest rendered = Manifest.read(renders.get(0).resolve("manifest.json"));
    assertThat(rendered.runId()).isEqualTo("20261126T000002Z-abc2");
    assertThat(rendered.previousRunId())
        .as("names what it was rendered from")
        .isEqualTo(rendered.runId());
    assertThat(rendered.previousManifestSha256())
        .isEqualTo(eu.art32.evidence.EvidenceJson.sha256(manifestBefore));
    assertThat(Files.readString(renders.get(0).resolve("report.html"))).contains("lang=\"nb\"");
    assertThat(new History(history).runs()).hasSize(3);

    CliRun verify = CliRun.of("verify", history.toString(), "--public-key", keys[1].toString());
    assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
  }

  @Test
  void oneChangedByteIsNamedWithItsRunAndFile(@TempDir Path dir) throws Exception {
    Path history = history(dir, Signer.generate(dir.resolve("keys")));
    Path report = history.resolve("20261126T000001Z-abc1/report.html");
    byte[] bytes = Files.readAllBytes(report);
    bytes[100] ^= 1;
    Files.write(report, bytes);

    CliRun run = CliRun.of("verify", history.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("run 20261126T000001Z-abc1: " + report + " was changed");
  }

  /** A manifest is input too: a name it lists that leads outside its run is never read. */
  @Test
  void aManifestNamingAFileOutsideItsRunIsRefusedUnread(@TempDir Path dir) throws Exception {
    Path history = history(dir, Signer.generate(dir.resolve("keys")));
    Path run = history.resolve("20261126T000001Z-abc1");
    Files.writeString(dir.resolve("secret.txt"), "not art32's");
    Path manifest = run.resolve(Manifest.FILE);
    Files.writeString(
        manifest, Files.readString(manifest).replace("\"summary.md\"", "\"../../secret.txt\""));

    CliRun verify = CliRun.of("verify", run.toString());

    assertThat(verify.exitCode()).as(verify.err()).isEqualTo(1);
    assertThat(verify.err())
        .contains("is missing or unreadable (it lists '../../secret.txt', which is no file inside")
        .doesNotContain("secret.txt was changed");
  }

  @Test
  void aRemovedRunBreaksTheChain(@TempDir Path dir) throws Exception {
    Path history = history(dir, Signer.generate(dir.resolve("keys")));
    deleteTree(history.resolve("20261126T000001Z-abc1"));

    CliRun run = CliRun.of("verify", history.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains(
            "run 20261126T000002Z-abc2",
            "does not follow run 20261126T000000Z-abc0",
            "run 20261126T000001Z-abc1");
  }

  @Test
  void reorderedRunsAreCaught(@TempDir Path dir) throws Exception {
    Path history = history(dir, Signer.generate(dir.resolve("keys")));
    Path a = history.resolve("20261126T000000Z-abc0");
    Path b = history.resolve("20261126T000002Z-abc2");
    Path tmp = history.resolve("tmp");
    Files.move(a, tmp);
    Files.move(b, a);
    Files.move(tmp, b);

    CliRun run = CliRun.of("verify", history.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("is stored under " + a, "does not follow run");
  }

  @Test
  void aForgedManifestFailsItsSignatureAndAForeignKeyIsRefused(@TempDir Path dir) throws Exception {
    Path[] keys = Signer.generate(dir.resolve("keys"));
    Path history = history(dir, keys);
    Path manifest = history.resolve("20261126T000002Z-abc2/manifest.json");
    Files.writeString(
        manifest, Files.readString(manifest).replaceFirst("\"bytes\" : (\\d+)", "\"bytes\" : 1$1"));

    CliRun forged = CliRun.of("verify", history.resolve("20261126T000002Z-abc2").toString());
    assertThat(forged.exitCode()).isEqualTo(1);
    assertThat(forged.err())
        .contains("the signature of " + manifest + " does not match its content");

    Path[] other = Signer.generate(dir.resolve("other"));
    CliRun foreign =
        CliRun.of(
            "verify",
            history.resolve("20261126T000000Z-abc0").toString(),
            "--public-key",
            other[1].toString());
    assertThat(foreign.exitCode()).isEqualTo(1);
    assertThat(foreign.err()).contains("signed with a different key than the one given");
  }

  @Test
  void reportFromMalformedEvidenceIsRefusedBeforeAnythingIsWritten(@TempDir Path dir)
      throws Exception {
    Path first = dir.resolve("first");
    new ReportWriter(new Resources("templates", null))
        .write(ReportWriterFixture.run("shop", "20261126T000000Z-abc1"), first);
    String valid = Files.readString(first.resolve("evidence.json"));
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    java.util.Map<
            String,
            java.util.function.UnaryOperator<com.fasterxml.jackson.databind.node.ObjectNode>>
        cases = new java.util.LinkedHashMap<>();
    cases.put(
        "a required part is missing",
        t -> (com.fasterxml.jackson.databind.node.ObjectNode) t.without("pairs"));
    cases.put(
        "at /pairs/0: a required part is missing",
        t -> {
          ((com.fasterxml.jackson.databind.node.ObjectNode) t.at("/pairs/0")).putNull("findings");
          return t;
        });
    cases.put(
        "at /pairs/0/findings/0/status: Cannot deserialize value of type `eu.art32.evidence.Status` from String \"BANANA\"",
        t -> {
          ((com.fasterxml.jackson.databind.node.ObjectNode) t.at("/pairs/0/findings/0"))
              .put("status", "BANANA");
          return t;
        });
    cases.put("is not the one its findings give", t -> t.put("verdict", "PASS"));
    for (var c : cases.entrySet()) {
      var tree = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(valid);
      Path bad = Files.writeString(dir.resolve("bad.json"), c.getValue().apply(tree).toString());
      Path out = dir.resolve("never");
      CliRun run = CliRun.of("report", "--from", bad.toString(), "--out", out.toString());
      assertThat(run.exitCode()).as(c.getKey() + ": " + run.err()).isEqualTo(2);
      assertThat(run.err())
          .contains("not valid art32 evidence", c.getKey())
          .doesNotContain("\tat ")
          .hasLineCount(1);
      assertThat(out).as("nothing written for " + c.getKey()).doesNotExist();
    }
  }

  @Test
  void reportFromStoredEvidenceRendersAgainWithoutServers(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("first");
    new ReportWriter(new Resources("templates", null))
        .write(ReportWriterFixture.run("shop", "20261126T000000Z-abc0"), out);

    CliRun run =
        CliRun.of(
            "report",
            "--from",
            out.resolve("evidence.json").toString(),
            "--lang",
            "nb",
            "--out",
            dir.resolve("again").toString());

    assertThat(run.exitCode()).as("the high FAIL fails the gate, as in audit").isEqualTo(1);
    assertThat(run.out()).contains("gate: FAIL (1 finding(s) fail at --fail-on low; exit 1)");
    assertThat(Files.readString(dir.resolve("again/report.html")))
        .contains("Dokumentasjonsrapport etter artikkel 32", "REPL-SYNC-BINLOG");
    assertThat(Files.readString(dir.resolve("again/evidence.json")))
        .isEqualTo(Files.readString(out.resolve("evidence.json")));
    assertThat(CliRun.of("verify", dir.resolve("again").toString()).exitCode()).isZero();
    CliRun bad = CliRun.of("report", "--from", dir.resolve("again/junit.xml").toString());
    assertThat(bad.exitCode()).isEqualTo(2);
  }

  private static void deleteTree(Path root) throws Exception {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
