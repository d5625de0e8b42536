package eu.art32.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.art32.evidence.Finding;
import eu.art32.evidence.HostsEvidence;
import eu.art32.evidence.Status;
import eu.art32.evidence.Text;
import eu.art32.rules.Resources;
import eu.art32.rules.RuleBook;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostsFindingsTest {
  private static final RuleBook RULES = RuleBook.load(new Resources("rules", null));
  private static final HostsFindings JUDGE =
      new HostsFindings(RULES.hosts(), RULES.area("hosts").references());

  private static String probe(String vm, String container, String stat2) {
    return """
        Warning: Permanently added 'db2' to the list of known hosts.
        art32-hosts 1
        vm=%s
        container=%s
        hypervisor=1
        openvz=0
        cgroup=0::/init.scope
        kernel=6.1.0-28-amd64
        cores=8
        memory_kb=32871256
        boot_id=6F1C1C52-7B9B-4E7C-9B0E-1B1C2D3E4F50
        stat1=cpu  1000 0 500 8000 100 0 50 0 0 0
        stat2=%s
        """
        .formatted(vm, container, stat2);
  }

  private static HostsEvidence.Host host(String role, String address, HostReading r) {
    return new HostsEvidence.Host(
        role,
        address,
        "this host",
        Text.of("hosts.from.here"),
        JUDGE.kind(r),
        r.vm(),
        r.container(),
        r.hypervisorFlag(),
        r.cgroup(),
        r.kernel(),
        r.cores(),
        r.memoryKb() / 1024,
        r.bootId().toLowerCase(java.util.Locale.ROOT),
        r.stealPercent(),
        2000L,
        null,
        null);
  }

  private static Finding byId(List<Finding> findings, String id) {
    return findings.stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void readsTheProbeAndTheStealShareOfCpuTimeOverTheWindow() {
    HostReading r =
        HostReading.parse(probe("kvm", "none", "cpu  1600 0 700 8800 100 0 50 100 0 0"));
    assertThat(r.vm()).isEqualTo("kvm");
    assertThat(r.cores()).isEqualTo(8);
    assertThat(r.memoryKb()).isEqualTo(32871256L);
    // 100 of 1700 jiffies (600 user + 200 system + 800 idle + 100 steal) were stolen
    assertThat(r.stealPercent()).isEqualTo(5.9);
    assertThat(HostReading.steal("cpu  1 2 3", "cpu 1 2 3 4 5 6 7 8 9")).isNull();
    assertThatThrownBy(() -> HostReading.parse("sh: 1: sh: not found\n"))
        .hasMessage("\"sh: 1: sh: not found\"");
  }

  @Test
  void aKvmGuestPassesAContainerWarnsAndAnUnlistedNameWarnsWithIt() {
    String quiet = "cpu  1600 0 700 9700 100 0 50 0 0 0";
    assertThat(JUDGE.kind(HostReading.parse(probe("kvm", "none", quiet))))
        .isEqualTo(HostsFindings.FULL);
    assertThat(
            JUDGE.kind(
                HostReading.parse(
                    probe("none", "none", quiet).replace("hypervisor=1", "hypervisor=0"))))
        .isEqualTo(HostsFindings.BARE_METAL);
    assertThat(JUDGE.kind(HostReading.parse(probe("kvm", "docker", quiet))))
        .as("a container inside a VM is a container")
        .isEqualTo(HostsFindings.CONTAINER);
    assertThat(
            JUDGE.kind(
                HostReading.parse(
                    probe("unknown", "unknown", quiet)
                        .replace("0::/init.scope", "0::/system.slice/docker-3f2a.scope"))))
        .as("no systemd-detect-virt: the cgroup tells")
        .isEqualTo(HostsFindings.CONTAINER);

    HostsEvidence.Host vm =
        host("primary", "10.0.0.1", HostReading.parse(probe("kvm", "none", quiet)));
    HostsEvidence.Host lxc =
        host(
            "DR",
            "10.0.0.2",
            HostReading.parse(probe("none", "lxc", quiet).replace("6F1C", "7A2D")));
    List<Finding> findings = JUDGE.judge(List.of(vm, lxc), false);
    assertThat(byId(findings, "HOSTS-PRIMARY").status()).isEqualTo(Status.PASS);
    assertThat(byId(findings, "HOSTS-PRIMARY").observed())
        .isEqualTo(
            "primary 10.0.0.1: full virtualisation (kvm); kernel 6.1.0-28-amd64, 8 core(s), 32100 MB memory");
    Finding dr = byId(findings, "HOSTS-DR");
    assertThat(dr.status()).isEqualTo(Status.WARN);
    assertThat(dr.observed()).contains("a container (lxc): its kernel, CPUs and memory are shared");
    assertThat(byId(findings, "HOSTS-SEPARATE").status()).isEqualTo(Status.PASS);
    assertThat(byId(findings, "HOSTS-STEAL").status()).isEqualTo(Status.PASS);

    HostsEvidence.Host strange =
        host(
            "DR",
            "10.0.0.2",
            HostReading.parse(probe("vm-other", "none", quiet).replace("6F1C", "7A2D")));
    Finding unlisted = byId(JUDGE.judge(List.of(vm, strange), false), "HOSTS-DR");
    assertThat(unlisted.status()).isEqualTo(Status.WARN);
    assertThat(unlisted.observed())
        .contains("systemd-detect-virt says vm-other, which rules/hosts.yaml lists neither");
  }

  @Test
  void oneKernelUnderTwoAddressesFailsButTheConfiguredSameHostWarnsAndStealAboveTheLimitWarns() {
    String stolen = "cpu  1600 0 700 8800 100 0 50 100 0 0";
    HostsEvidence.Host a =
        host("primary", "10.0.0.1", HostReading.parse(probe("none", "docker", stolen)));
    HostsEvidence.Host b =
        host("DR", "10.0.0.2", HostReading.parse(probe("none", "docker", stolen)));
    List<Finding> hidden = JUDGE.judge(List.of(a, b), false);
    Finding separate = byId(hidden, "HOSTS-SEPARATE");
    assertThat(separate.status()).isEqualTo(Status.FAIL);
    assertThat(separate.observed())
        .isEqualTo(
            "10.0.0.1 and 10.0.0.2 are different addresses but run on one kernel (boot id"
                + " 6f1c1c52-7b9b-4e7c-9b0e-1b1c2d3e4f50): the DR node is on the primary's machine");
    assertThat(byId(JUDGE.judge(List.of(a, b), true), "HOSTS-SEPARATE").status())
        .isEqualTo(Status.WARN);
    Finding steal = byId(hidden, "HOSTS-STEAL");
    assertThat(steal.status()).isEqualTo(Status.WARN);
    assertThat(steal.observed())
        .isEqualTo("primary: 5.9 % steal over 2 s; DR: 5.9 % steal over 2 s");
  }

  @Test
  void aHostThatCannotBeReadIsNotAssessedWithTheReason() {
    HostsEvidence.Host a =
        host(
            "primary",
            "10.0.0.1",
            HostReading.parse(probe("kvm", "none", "cpu  1600 0 700 9700 100 0 50 0 0 0")));
    Text why = Text.of("hosts.why.notHere", "db2.example.no");
    HostsEvidence.Host b =
        HostsEvidence.Host.unread("DR", "db2.example.no", Text.of("path.nowhere"), why);
    List<Finding> findings = JUDGE.judge(List.of(a, b), false);
    assertThat(byId(findings, "HOSTS-DR").status()).isEqualTo(Status.NOT_ASSESSED);
    assertThat(byId(findings, "HOSTS-DR").observed())
        .isEqualTo(
            "not assessed: DR db2.example.no not read: art32 does not run on db2.example.no"
                + " and the pair sets no hosts.command");
    assertThat(byId(findings, "HOSTS-SEPARATE").status()).isEqualTo(Status.NOT_ASSESSED);
    assertThat(byId(findings, "HOSTS-STEAL").status())
        .as("the primary's was measured")
        .isEqualTo(Status.PASS);
  }
}
