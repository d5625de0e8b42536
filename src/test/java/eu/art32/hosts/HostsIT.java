package eu.art32.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.art32.Shell;
import eu.art32.cli.CliRun;
import eu.art32.path.Namespaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hosts area on this machine: art32 runs inside a "primary" network namespace
 * (src/test/sh/path-netns.sh) and reads both hosts with the real probe, the DR node's through
 * {@code hosts.command} in the "DR" namespace, or a known answer for a KVM guest. The namespaces
 * share this machine's kernel, so two addresses on one kernel are what art32 must find.
 */
class HostsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> PASSWORD = Map.of("HOSTSIT_PASSWORD", "not-a-secret");
  @TempDir static Path root;
  private static Namespaces net;

  @BeforeAll
  static void up() {
    assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
    net = Namespaces.up("h");
  }

  @AfterAll
  static void down() {
    if (net != null) {
      net.down();
    }
  }

  /** A hosts.command: the primary's probe here, the DR node's as {@code replica} says. */
  private static String command(String name, String replica) throws Exception {
    Path fake =
        Files.writeString(
            root.resolve(name + ".sh"),
            "case \"$1\" in\n  primary) exec sh -s ;;\n  replica) " + replica + " ;;\nesac\n");
    return "sh " + fake + " {role}";
  }

  private static JsonNode audit(String name, String hostsCommand) throws Exception {
    Path config =
        Files.writeString(
            root.resolve(name + ".yaml"),
            """
            version: 1
            pairs:
              - name: oslo
                environment: staging
                primary: {host: 198.51.100.2, port: 3306, user: art32, password: "${env:HOSTSIT_PASSWORD}"}
                replica: {host: 192.0.2.2, port: 3306, user: art32, password: "${env:HOSTSIT_PASSWORD}"}
                latency: {samples: 5, warmup: 0}
                heartbeat: {enabled: false}
                consistency: {enabled: false}
                hosts:
                  command: %s
            """
                .formatted(hostsCommand));
    Path out = root.resolve(name);
    Shell.Result run =
        net.art32OnThePrimary(
            PASSWORD, "audit", "--config", config.toString(), "--out", out.toString());
    assertThat(run.output()).doesNotContain("internal error");
    assertThat(out.resolve("evidence.json")).as(run.output()).exists();
    return JSON.readTree(out.resolve("evidence.json").toFile());
  }

  private static JsonNode finding(JsonNode evidence, String id) {
    for (JsonNode f : evidence.at("/pairs/0/findings")) {
      if (f.get("id").asText().equals(id)) {
        return f;
      }
    }
    throw new AssertionError("no finding " + id);
  }

  /** What systemd-detect-virt says of this machine, as the probe will. */
  private static String here(String what) {
    String answer =
        Shell.run(List.of("systemd-detect-virt", what), Duration.ofSeconds(10), Map.of())
            .output()
            .strip();
    return answer.isEmpty() || answer.startsWith("cannot start") ? "unknown" : answer;
  }

  @Test
  void aDrNodeOnThePrimarysKernelFailsAndEachHostIsReadAsItIs() throws Exception {
    JsonNode evidence =
        audit("one-kernel", command("one-kernel", "exec ip netns exec " + net.of("d") + " sh -s"));
    JsonNode hosts = evidence.at("/pairs/0/hosts/nodes");
    assertThat(hosts.size()).isEqualTo(2);
    String bootId = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
    for (JsonNode h : hosts) {
      assertThat(h.get("error").isNull()).as(h.toString()).isTrue();
      assertThat(h.get("bootId").asText()).isEqualTo(bootId);
      assertThat(h.get("vm").asText()).isEqualTo(here("--vm"));
      assertThat(h.get("container").asText()).isEqualTo(here("--container"));
      assertThat(h.get("cores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
      assertThat(h.get("stealPercent").isNumber()).as("steal sampled over the window").isTrue();
      assertThat(h.get("probedFrom").asText()).startsWith("hosts.command: sh ");
    }
    JsonNode separate = finding(evidence, "HOSTS-SEPARATE");
    assertThat(separate.get("status").asText()).isEqualTo("FAIL");
    assertThat(separate.get("observed").asText())
        .isEqualTo(
            "198.51.100.2 and 192.0.2.2 are different addresses but run on one kernel (boot id "
                + bootId
                + "): the DR node is on the primary's machine");
    String expected =
        !here("--container").equals("none") && !here("--container").equals("unknown")
            ? "WARN"
            : "PASS";
    assertThat(finding(evidence, "HOSTS-PRIMARY").get("status").asText())
        .as("this machine is a %s container", here("--container"))
        .isEqualTo(expected);
  }

  @Test
  void aKnownKvmAnswerForTheDrHostPassesAndTheReportSaysItInBothLanguages() throws Exception {
    Path kvm =
        Files.writeString(
            root.resolve("kvm-guest.txt"),
            """
            art32-hosts 1
            vm=kvm
            container=none
            hypervisor=1
            openvz=0
            cgroup=0::/init.scope
            kernel=6.1.0-28-amd64
            cores=16
            memory_kb=65843228
            boot_id=0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d
            stat1=cpu  1000 0 500 8000 100 0 50 10 0 0
            stat2=cpu  1500 0 700 9700 100 0 50 12 0 0
            """);
    JsonNode evidence = audit("kvm", command("kvm", "cat " + kvm));
    JsonNode dr = finding(evidence, "HOSTS-DR");
    assertThat(dr.get("status").asText()).isEqualTo("PASS");
    assertThat(dr.get("observed").asText())
        .isEqualTo(
            "DR 192.0.2.2: full virtualisation (kvm); kernel 6.1.0-28-amd64, 16 core(s), 64300 MB"
                + " memory");
    assertThat(finding(evidence, "HOSTS-SEPARATE").get("status").asText()).isEqualTo("PASS");
    assertThat(evidence.at("/pairs/0/hosts/nodes/1/stealPercent").asDouble()).isEqualTo(0.1);

    Path out = root.resolve("kvm");
    assertThat(Jsoup.parse(out.resolve("report.html").toFile()).select("h4[id^=hosts-]").text())
        .isEqualTo("The database hosts");
    Path nb = root.resolve("kvm-nb");
    CliRun report =
        CliRun.of(
            "report",
            "--from",
            out.resolve("evidence.json").toString(),
            "--lang",
            "nb",
            "--out",
            nb.toString());
    assertThat(report.exitCode()).as(report.err()).isIn(0, 1, 3);
    var norsk = Jsoup.parse(nb.resolve("report.html").toFile());
    assertThat(norsk.select("h4[id^=hosts-]").text()).isEqualTo("Databasevertene");
    assertThat(norsk.text())
        .contains(
            "DR 192.0.2.2: full virtualisering (kvm); kjerne 6.1.0-28-amd64, 16 prosessorkjerne(r), 64300 MB minne");
  }
}
