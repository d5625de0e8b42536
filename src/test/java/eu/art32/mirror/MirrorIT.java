package eu.art32.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import eu.art32.config.ConfigLoader;
import eu.art32.config.PairConfig;
import eu.art32.evidence.Finding;
import eu.art32.evidence.Status;
import eu.art32.rules.Resources;
import eu.art32.rules.RuleBook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mirror audit against a real lsyncd mirroring one local directory to another with rsync. */
class MirrorIT {
  private static final RuleBook RULES = RuleBook.load(new Resources("rules", null));
  @TempDir static Path dir;
  private static Process lsyncd;
  private static Path source;
  private static Path target;
  private static Path conf;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/lsyncd"))
            && Files.isExecutable(Path.of("/usr/bin/rsync")),
        "lsyncd and rsync are not installed");
    source = Files.createDirectories(dir.resolve("uploads"));
    target = Files.createDirectories(dir.resolve("mirror"));
    Files.writeString(source.resolve("a.txt"), "customer contract 1\n");
    Files.createDirectories(source.resolve("invoices/2026"));
    Files.write(source.resolve("invoices/2026/inv-1.pdf"), new byte[64 * 1024]);
    Files.createDirectories(source.resolve("cache"));
    Files.writeString(source.resolve("cache/thumb.tmp"), "volatile");
    Files.createSymbolicLink(source.resolve("latest"), Path.of("a.txt"));
    conf = dir.resolve("lsyncd.conf.lua");
    Files.writeString(
        conf,
        "settings { logfile = '"
            + dir.resolve("lsyncd.log")
            + "', statusFile = '"
            + dir.resolve("lsyncd.status")
            + "', statusInterval = 1, nodaemon = true }\n"
            + "sync {\n  default.rsync,\n  source = '"
            + source
            + "',\n  target = '"
            + target
            + "',\n"
            + "  exclude = { 'cache/' },\n  delay = 1,\n  delete = true,\n"
            + "  rsync = { archive = true, _extra = { '--bwlimit=100000' } },\n}\n");
    lsyncd =
        new ProcessBuilder("lsyncd", "-nodaemon", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("lsyncd.out").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.exists(target.resolve("invoices/2026/inv-1.pdf"))
        || !Files.exists(dir.resolve("lsyncd.status"))) {
      assertThat(System.nanoTime())
          .as("lsyncd made the first copy: " + Files.readString(dir.resolve("lsyncd.out")))
          .isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (lsyncd != null) {
      lsyncd.destroy();
      lsyncd.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static PairConfig pair() {
    String yaml =
        "version: 1\npairs:\n  - name: p\n    environment: staging\n"
            + "    primary: {host: db1.invalid, user: u, password: \"${env:PW}\"}\n"
            + "    replica: {host: db2.invalid, user: u, password: \"${env:PW}\"}\n"
            + "    mirror: {source: "
            + source
            + ", target: "
            + target
            + ", lsyncdConfig: "
            + conf
            + ", fileRpo: 5s}\n";
    return new ConfigLoader(Map.of("PW", "x"), RULES.defaults())
        .parse(dir.resolve("a.yaml"), yaml)
        .pairs()
        .get(0);
  }

  private static Map<String, Finding> audit(boolean deep) {
    return new MirrorAudit(RULES, RULES.mirror(), deep)
        .run(pair()).findings().stream().collect(Collectors.toMap(Finding::id, f -> f));
  }

  @Test
  void aHealthyMirrorPassesWithMeasuredFreshnessAndAPlantedDifferenceOnlyDeepCatches()
      throws Exception {
    // an idle lsyncd does not rewrite its status file: as if nothing had changed for ten minutes
    Files.setLastModifiedTime(
        dir.resolve("lsyncd.status"),
        FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofMinutes(10))));
    Map<String, Finding> healthy = audit(false);
    assertThat(healthy.get("MIRROR-STATUS").observed())
        .as("judged from the canaries' work, not from the idle file's age")
        .contains("after the canary files were written");
    for (String id :
        new String[] {
          "MIRROR-CONFIG",
          "MIRROR-EXCLUDES",
          "MIRROR-BWLIMIT",
          "MIRROR-DELETE",
          "MIRROR-ARCHIVE",
          "MIRROR-STATUS",
          "MIRROR-LOG",
          "MIRROR-FRESHNESS",
          "MIRROR-VERIFY"
        }) {
      assertThat(healthy.get(id).status())
          .as(id + ": " + healthy.get(id).observed())
          .isEqualTo(Status.PASS);
    }
    assertThat(healthy.get("MIRROR-FRESHNESS").observed())
        .contains("5 of 5 canary files arrived intact", "p50");
    assertThat(healthy.get("MIRROR-EXCLUDES").observed()).contains("excluded: cache");
    assertThat(Files.exists(source.resolve(MirrorAudit.CANARY_DIR)))
        .as("canaries removed")
        .isFalse();

    lsyncd.destroy();
    lsyncd.waitFor(10, TimeUnit.SECONDS);
    Path copy = target.resolve("a.txt");
    FileTime mtime = Files.getLastModifiedTime(copy);
    byte[] bytes = Files.readAllBytes(copy);
    bytes[0] ^= 0x20;
    Files.write(copy, bytes);
    Files.setLastModifiedTime(copy, mtime);

    TreeComparison.Result fast =
        new TreeComparison(java.util.List.of("cache/", ".art32-canary/"), false, 2)
            .compare(source, target);
    assertThat(fast.inSync()).as("same size and mtime: invisible to the fast mode").isTrue();
    TreeComparison.Result deep =
        new TreeComparison(java.util.List.of("cache/", ".art32-canary/"), true, 2)
            .compare(source, target);
    assertThat(deep.different()).isEqualTo(1);
    assertThat(deep.samples()).anyMatch(s -> s.startsWith("different content: a.txt"));

    Files.writeString(source.resolve("invoices/2026/inv-2.pdf"), "new while lsyncd is down");
    Map<String, Finding> stopped = audit(true);
    assertThat(stopped.get("MIRROR-VERIFY").status()).isEqualTo(Status.FAIL);
    assertThat(stopped.get("MIRROR-VERIFY").observed())
        .contains("1 missing on the mirror", "1 different", "oldest unsynced change");
    assertThat(stopped.get("MIRROR-FRESHNESS").status()).isEqualTo(Status.FAIL);
  }

  /**
   * A remote target read through a remote shell: a stand-in for ssh that runs the command on this
   * host, so the rsync protocol and sha256sum run for real.
   */
  @Test
  void aRemoteTargetIsReadThroughTheRemoteShell() throws Exception {
    Path shell = dir.resolve("fake-ssh");
    Files.writeString(
        shell,
        "#!/bin/sh\n# stand-in for ssh [-l USER] HOST COMMAND...: drop options and host, run here\n"
            + "while [ \"${1#-}\" != \"$1\" ]; do if [ \"$1\" = -l ]; then shift; fi; shift; done\n"
            + "shift\nexec sh -c \"$*\"\n");
    shell.toFile().setExecutable(true);
    Path remoteSource = Files.createDirectories(dir.resolve("remote-src"));
    Path remoteTarget = Files.createDirectories(dir.resolve("remote-dst"));
    Files.writeString(remoteSource.resolve("kept.txt"), "kept");
    Files.writeString(remoteSource.resolve("new.txt"), "only on the source");
    Files.writeString(remoteTarget.resolve("kept.txt"), "kept");
    Files.setLastModifiedTime(
        remoteTarget.resolve("kept.txt"),
        Files.getLastModifiedTime(remoteSource.resolve("kept.txt")));
    Files.writeString(remoteTarget.resolve("gone.txt"), "deleted on the source");
    String yaml =
        "version: 1\npairs:\n  - name: p\n    environment: staging\n"
            + "    primary: {host: db1.invalid, user: u, password: \"${env:PW}\"}\n"
            + "    replica: {host: db2.invalid, user: u, password: \"${env:PW}\"}\n"
            + "    mirror: {source: "
            + remoteSource
            + ", target: \"backup@dr.invalid:"
            + remoteTarget
            + "\", remoteShell: "
            + shell
            + ", fileRpo: 3s}\n";
    PairConfig pair =
        new ConfigLoader(Map.of("PW", "x"), RULES.defaults())
            .parse(dir.resolve("r.yaml"), yaml)
            .pairs()
            .get(0);

    Map<String, Finding> findings =
        new MirrorAudit(RULES, RULES.mirror(), false)
            .run(pair).findings().stream().collect(Collectors.toMap(Finding::id, f -> f));

    Finding verify = findings.get("MIRROR-VERIFY");
    assertThat(verify.status()).isEqualTo(Status.FAIL);
    assertThat(verify.observed())
        .contains(
            "rsync dry run over the remote shell",
            "1 missing on the mirror",
            "1 extra",
            "0 different",
            "missing on the mirror: new.txt",
            "extra on the mirror: gone.txt");
    java.util.concurrent.atomic.AtomicBoolean copying =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread copier =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  while (copying.get()) {
                    try {
                      new ProcessBuilder(
                              "rsync",
                              "-a",
                              remoteSource + "/.art32-canary/",
                              remoteTarget + "/.art32-canary/")
                          .redirectErrorStream(true)
                          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                          .start()
                          .waitFor();
                      Thread.sleep(20);
                    } catch (Exception e) {
                      return;
                    }
                  }
                });
    Finding arrived;
    try {
      arrived =
          new MirrorAudit(RULES, RULES.mirror(), false)
              .run(pair).findings().stream()
                  .filter(f -> f.id().equals("MIRROR-FRESHNESS"))
                  .findFirst()
                  .orElseThrow();
    } finally {
      copying.set(false);
      copier.join();
    }
    assertThat(arrived.status())
        .as("canaries hashed on the remote side: " + arrived.observed())
        .isEqualTo(Status.PASS);
    assertThat(arrived.observed()).contains("5 of 5 canary files arrived intact");
    Finding fresh = findings.get("MIRROR-FRESHNESS");
    assertThat(fresh.status())
        .as("nothing copies to this mirror: the canary never arrives")
        .isEqualTo(Status.FAIL);
    assertThat(fresh.observed()).contains("0 of 5 canary files arrived intact");
  }
}
