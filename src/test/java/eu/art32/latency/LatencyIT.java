package eu.art32.latency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.art32.cli.CliRun;
import eu.art32.sandbox.SandboxNode;
import eu.art32.sandbox.SandboxState;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The latency audit on the real sandbox pair, with the DR node behind a user-space delay proxy of
 * known delay: below the 5 ms objective it passes, above it fails. The primary runs on this host,
 * so art32's samples to the DR node are primary-to-DR samples.
 */
class LatencyIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path root;
  private static Path dir;
  private static SandboxNode replica;

  @BeforeAll
  static void up() {
    dir = root.resolve("sandbox");
    CliRun run = CliRun.of(eu.art32.TestServer.sandboxUp(dir));
    assertThat(run.exitCode()).as(run.err()).isZero();
    replica = SandboxState.read(dir).nodes().get(1);
  }

  @AfterAll
  static void down() {
    CliRun.of("sandbox", "down", "--dir", dir.toString());
  }

  /** The sandbox config with the DR node reached through {@code port}. */
  private static Path configVia(int port, String name) throws Exception {
    String yaml =
        Files.readString(dir.resolve("art32.yaml"))
            .replace("port: " + replica.port(), "port: " + port);
    return Files.writeString(dir.resolve(name + ".yaml"), yaml);
  }

  private static JsonNode latencyFinding(Path out) throws Exception {
    for (JsonNode f :
        JSON.readTree(out.resolve("evidence.json").toFile()).at("/pairs/0/findings")) {
      if (f.get("id").asText().equals("LATENCY-PRIMARY-DR")) {
        return f;
      }
    }
    throw new AssertionError("no LATENCY-PRIMARY-DR finding");
  }

  /**
   * A round trip well within the bound PASSes on a quiet host; on a busy one it may be WARN
   * "unconfirmed" with the figures, never FAIL.
   */
  private static void assertNeverFails(Path out) throws Exception {
    JsonNode f = latencyFinding(out);
    String observed = f.get("observed").asText();
    assertThat(f.get("status").asText())
        .as(out.getFileName() + ": " + observed)
        .isIn("PASS", "WARN");
    if (f.get("status").asText().equals("WARN")) {
      assertThat(observed).startsWith("unconfirmed: the art32 host was busy");
    }
  }

  @Test
  void aDrNodeOneMillisecondAwayNeverFailsAndTwelveMillisecondsFails() throws Exception {
    try (DelayProxy near = new DelayProxy(replica.port(), 0.5);
        DelayProxy far = new DelayProxy(replica.port(), 6.0)) {
      Path nearOut = root.resolve("near");
      CliRun nearRun =
          CliRun.of(
              "audit",
              "--config",
              configVia(near.port(), "near").toString(),
              "--out",
              nearOut.toString());
      Path farOut = root.resolve("far");
      CliRun farRun =
          CliRun.of(
              "audit",
              "--config",
              configVia(far.port(), "far").toString(),
              "--out",
              farOut.toString());

      assertNeverFails(nearOut);
      JsonNode fail = latencyFinding(farOut);
      assertThat(fail.get("status").asText()).as(fail.get("observed").asText()).isEqualTo("FAIL");
      assertThat(fail.get("observed").asText()).containsPattern("sql round trip .*: p95 [1-9]\\d");
      assertThat(farRun.exitCode()).isEqualTo(1);
      assertThat(farRun.out()).contains("FAIL LATENCY-PRIMARY-DR");
      JsonNode series =
          JSON.readTree(farOut.resolve("evidence.json").toFile()).at("/pairs/0/latency/series/3");
      assertThat(series.at("/level").asText()).isEqualTo("sql round trip");
      assertThat(series.at("/stats/min").asDouble())
          .as("the proxy adds 2 x 6 ms")
          .isGreaterThanOrEqualTo(12.0);
      assertThat(Files.readString(farOut.resolve("report.html")))
          .contains("Round-trip latency", "Semi-synchronous replication");
      assertThat(nearRun.exitCode()).as(nearRun.out()).isZero();
    }
  }

  /**
   * With every core busy (two spinners per core), art32's samples measure its own scheduling as
   * much as the network: the loopback pair and the 1 ms proxy must never FAIL (PASS, or WARN
   * "unconfirmed" with the figures), while 12 ms behind the proxy is still a FAIL: even with every
   * delay the host watch saw removed, the round trips are over 5 ms.
   */
  @Test
  void aBusyHostNeverFailsALoopbackPairAndStillFailsTwelveMilliseconds() throws Exception {
    try (DelayProxy near = new DelayProxy(replica.port(), 0.5);
        DelayProxy far = new DelayProxy(replica.port(), 6.0);
        eu.art32.BusyCores busy = eu.art32.BusyCores.start(2, java.time.Duration.ofMinutes(3))) {
      for (int round = 0; round < 3; round++) {
        Path directOut = root.resolve("busy-direct-" + round);
        CliRun direct =
            CliRun.of(
                "audit",
                "--config",
                dir.resolve("art32.yaml").toString(),
                "--out",
                directOut.toString());
        Path nearOut = root.resolve("busy-near-" + round);
        CliRun.of(
            "audit",
            "--config",
            configVia(near.port(), "busy-near").toString(),
            "--out",
            nearOut.toString());
        Path farOut = root.resolve("busy-far-" + round);
        CliRun farRun =
            CliRun.of(
                "audit",
                "--config",
                configVia(far.port(), "busy-far").toString(),
                "--out",
                farOut.toString());
        assertThat(busy.running())
            .as("the load ran throughout")
            .isEqualTo(2L * Runtime.getRuntime().availableProcessors());

        assertNeverFails(directOut);
        assertNeverFails(nearOut);
        assertThat(direct.out()).doesNotContain("FAIL LATENCY-PRIMARY-DR");
        JsonNode fail = latencyFinding(farOut);
        assertThat(fail.get("status").asText()).as(fail.get("observed").asText()).isEqualTo("FAIL");
        assertThat(farRun.exitCode()).isEqualTo(1);
        JsonNode series =
            JSON.readTree(farOut.resolve("evidence.json").toFile()).at("/pairs/0/latency/series/3");
        assertThat(series.at("/hostDelayMs").size())
            .as("one host delay per sample")
            .isEqualTo(series.at("/samplesMs").size());
        assertThat(series.at("/host/ticks").asLong()).as("the host watch ran").isPositive();
      }
    }
  }

  @Test
  void theProbeRunsWhereTheConfigSaysAndItsSamplesCount() throws Exception {
    try (DelayProxy far = new DelayProxy(replica.port(), 4.0)) {
      String java = ProcessHandle.current().info().command().orElse("java");
      String jar =
          Path.of(System.getProperty("art32.project.dir", "."), "target", "art32.jar").toString();
      String yaml =
          Files.readString(configVia(far.port(), "probe-base"))
              + "    latency:\n"
              + "      samples: 20\n"
              + "      probeCommand: "
              + java
              + " -jar "
              + jar
              + " probe --target {target} --samples {samples} --option-file "
              + dir.resolve("client.cnf")
              + (eu.art32.TestServer.kind().clientTls() ? "" : " --tls disabled")
              + "\n";
      Path config = Files.writeString(dir.resolve("probe.yaml"), yaml);
      Path out = root.resolve("probe");
      CliRun run = CliRun.of("audit", "--config", config.toString(), "--out", out.toString());

      JsonNode latency =
          JSON.readTree(out.resolve("evidence.json").toFile()).at("/pairs/0/latency");
      assertThat(latency.get("primaryToDrSource").asText())
          .startsWith("art32 probe on the primary's host");
      JsonNode probeSql = latency.at("/series/5");
      assertThat(probeSql.get("name").asText()).isEqualTo("primary -> DR");
      assertThat(probeSql.at("/stats/count").asInt()).isEqualTo(20);
      assertThat(probeSql.at("/stats/min").asDouble()).isGreaterThanOrEqualTo(8.0);
      assertThat(latencyFinding(out).get("status").asText()).isEqualTo("FAIL");
      assertThat(run.exitCode()).isEqualTo(1);
    }
  }
}
