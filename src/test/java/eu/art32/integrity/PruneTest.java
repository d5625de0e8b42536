package eu.art32.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import eu.art32.cli.CliRun;
import eu.art32.evidence.EvidenceJson;
import eu.art32.report.Gate;
import eu.art32.report.OutputOptions;
import eu.art32.report.ReportWriter;
import eu.art32.report.ReportWriterFixture;
import eu.art32.rules.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `art32 history prune`: the oldest runs go, a signed checkpoint keeps the chain checkable. */
class PruneTest {
  private static String run(int i) {
    return "20261126T00000" + i + "Z-abc" + i;
  }

  private static void write(Path dir, Path history, Path[] keys, int i) throws Exception {
    new ReportWriter(
            new Resources("templates", null),
            new OutputOptions("en", Gate.DEFAULT, history, keys[0], keys[1]))
        .write(ReportWriterFixture.run("shop", run(i)), dir.resolve("out" + i));
  }

  private static Path history(Path dir, Path[] keys, int runs) throws Exception {
    Path history = dir.resolve("history");
    for (int i = 0; i < runs; i++) {
      write(dir, history, keys, i);
    }
    return history;
  }

  private static CliRun prune(Path history, Path[] keys, int keep) {
    return CliRun.of(
        "history",
        "prune",
        "--history",
        history.toString(),
        "--keep",
        String.valueOf(keep),
        "--sign-key",
        keys[0].toString(),
        "--sign-pub",
        keys[1].toString());
  }

  @Test
  void prunedRunsLeaveASignedCheckpointAndTheChainStillVerifies(@TempDir Path dir)
      throws Exception {
    Path[] keys = Signer.generate(dir.resolve("keys"));
    Path history = history(dir, keys, 4);
    String head1 =
        EvidenceJson.sha256(Files.readAllBytes(history.resolve(run(1)).resolve("manifest.json")));

    CliRun pruned = prune(history, keys, 2);

    assertThat(pruned.exitCode()).as(pruned.err()).isZero();
    assertThat(pruned.out())
        .contains("pruned up to run " + run(1) + " (2 run(s) recorded in")
        .contains(Signer.fingerprint(keys[1]));
    assertThat(new History(history).runs())
        .extracting(p -> p.getFileName().toString())
        .containsExactly(run(2), run(3));
    Checkpoint checkpoint = Checkpoint.read(history.resolve(Checkpoint.FILE));
    assertThat(checkpoint.head()).isEqualTo(new History.Link(run(1), head1));
    assertThat(checkpoint.pruned()).extracting(History.Link::runId).containsExactly(run(0), run(1));

    CliRun verify =
        CliRun.of("verify", history.toString(), "--strict", "--public-key", keys[1].toString());
    assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out())
        .contains("checkpoint: 2 run(s) pruned by ")
        .contains("the newest " + run(1) + " with manifest SHA-256 " + head1)
        .contains("chain: 2 run(s) from " + run(2) + " to " + run(3));

    write(dir, history, keys, 4);
    CliRun again = prune(history, keys, 1);
    assertThat(again.exitCode()).as(again.err()).isZero();
    Checkpoint second = Checkpoint.read(history.resolve(Checkpoint.FILE));
    assertThat(second.pruned()).hasSize(4);
    assertThat(second.replacesCheckpointSha256()).hasSize(64);
    assertThat(CliRun.of("verify", history.toString(), "--strict").exitCode()).isZero();
    assertThat(prune(history, keys, 1).out()).contains("nothing to prune");
  }

  @Test
  void aRunRemovedAfterThePruneOrAChangedCheckpointIsCaught(@TempDir Path dir) throws Exception {
    Path[] keys = Signer.generate(dir.resolve("keys"));
    Path history = history(dir, keys, 4);
    assertThat(prune(history, keys, 2).exitCode()).isZero();
    Path checkpoint = history.resolve(Checkpoint.FILE);
    String original = Files.readString(checkpoint);

    Files.writeString(checkpoint, original.replace(run(1), run(0)));
    CliRun changed = CliRun.of("verify", history.toString());
    assertThat(changed.exitCode()).isEqualTo(1);
    assertThat(changed.err())
        .contains("the signature of " + checkpoint + " does not match its content");

    Files.writeString(checkpoint, original);
    deleteTree(history.resolve(run(2)));
    CliRun removed = CliRun.of("verify", history.toString());
    assertThat(removed.exitCode()).isEqualTo(1);
    assertThat(removed.err())
        .contains("run " + run(3))
        .contains("does not follow the pruned head " + run(1))
        .contains("its manifest names run " + run(2));
  }

  @Test
  void pruneNeedsAKeyAndAWholeHistory(@TempDir Path dir) throws Exception {
    Path[] keys = Signer.generate(dir.resolve("keys"));
    Path history = history(dir, keys, 3);

    CliRun unsigned = CliRun.of("history", "prune", "--history", history.toString(), "--keep", "1");
    assertThat(unsigned.exitCode()).isEqualTo(2);
    assertThat(unsigned.err()).contains("history prune needs a signing key");

    deleteTree(history.resolve(run(1)));
    CliRun broken = prune(history, keys, 1);
    assertThat(broken.exitCode()).isEqualTo(2);
    assertThat(broken.err())
        .contains("does not verify, and art32 prunes only a whole chain")
        .hasLineCount(1);
    assertThat(new History(history).runs()).hasSize(2);
    assertThat(history.resolve(Checkpoint.FILE)).doesNotExist();
  }

  private static void deleteTree(Path root) throws Exception {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
