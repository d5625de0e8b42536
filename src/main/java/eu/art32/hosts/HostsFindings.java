package eu.art32.hosts;

import eu.art32.evidence.Catalogue;
import eu.art32.evidence.Finding;
import eu.art32.evidence.HostsEvidence;
import eu.art32.evidence.Reference;
import eu.art32.evidence.Severity;
import eu.art32.evidence.Status;
import eu.art32.evidence.Text;
import eu.art32.rules.HostsRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hosts area's findings, without I/O: each node's isolation (HOSTS-PRIMARY, HOSTS-DR: full
 * virtualisation or bare metal passes, a container or a name rules/hosts.yaml does not list warns),
 * steal time (HOSTS-STEAL) and whether the two nodes run on one kernel (HOSTS-SEPARATE: a FAIL when
 * nodes configured on different addresses share a boot id, a WARN when the config itself puts both
 * on one host).
 */
public final class HostsFindings {
  public static final String BARE_METAL = "bare metal";
  public static final String FULL = "full virtualisation";
  public static final String CONTAINER = "container";
  public static final String UNKNOWN = "unknown";

  private final HostsRules rules;
  private final List<Reference> references;

  public HostsFindings(HostsRules rules, List<Reference> references) {
    this.rules = rules;
    this.references = List.copyOf(references);
  }

  /**
   * What a host runs on: systemd-detect-virt's container answer first (a container inside a VM is
   * still a container), then its VM answer, then the hypervisor flag and PID 1's cgroups when
   * systemd-detect-virt is missing.
   */
  public String kind(HostReading r) {
    if (r.openVz()) {
      return CONTAINER;
    }
    if (named(r.container())) {
      return rules.containers().contains(r.container()) ? CONTAINER : UNKNOWN;
    }
    if ("unknown".equals(r.container()) && r.cgroup() != null && containerCgroup(r.cgroup())) {
      return CONTAINER;
    }
    if (named(r.vm())) {
      return rules.fullVirtualisation().contains(r.vm()) ? FULL : UNKNOWN;
    }
    if ("none".equals(r.vm()) && "none".equals(r.container())) {
      return r.hypervisorFlag() ? FULL : BARE_METAL;
    }
    return r.hypervisorFlag() ? FULL : UNKNOWN;
  }

  private static boolean named(String answer) {
    return answer != null && !answer.equals("none") && !answer.equals("unknown");
  }

  private static boolean containerCgroup(String cgroup) {
    String c = cgroup.toLowerCase(Locale.ROOT);
    return c.contains("docker")
        || c.contains("lxc")
        || c.contains("kubepods")
        || c.contains("libpod")
        || c.contains("containerd");
  }

  /**
   * Every finding of the area. {@code sameConfiguredHost}: the config names one host for both nodes
   * (the sandbox, a test bench), so one kernel is what the user set up, not a surprise.
   */
  public List<Finding> judge(List<HostsEvidence.Host> hosts, boolean sameConfiguredHost) {
    List<Finding> findings = new ArrayList<>();
    for (HostsEvidence.Host host : hosts) {
      findings.add(isolation(host));
    }
    findings.add(steal(hosts));
    findings.add(separate(hosts.get(0), hosts.get(1), sameConfiguredHost));
    return findings;
  }

  private Finding isolation(HostsEvidence.Host host) {
    boolean primary = host.role().equals("primary");
    // id and title side by side, as everywhere (the bundles' test finds them so)
    String[] idTitle =
        primary
            ? new String[] {"HOSTS-PRIMARY", "Primary runs on a full virtual machine or bare metal"}
            : new String[] {"HOSTS-DR", "DR node runs on a full virtual machine or bare metal"};
    Text expected = Text.of("hosts.isolation.expected");
    if (host.error() != null) {
      return finding(idTitle[0], idTitle[1], Status.NOT_ASSESSED, notRead(host), expected, "");
    }
    Text what =
        switch (host.kind()) {
          case BARE_METAL -> Text.of("hosts.kind.bare");
          case FULL ->
              Text.of(
                  "hosts.kind.vm", named(host.vm()) ? host.vm() : Text.of("hosts.kind.flagOnly"));
          case CONTAINER ->
              Text.concat(
                  Text.of(
                      "hosts.kind.container",
                      named(host.container()) ? host.container() : "cgroup " + host.cgroup()),
                  named(host.vm()) ? Text.of("hosts.kind.insideVm", host.vm()) : Text.concat(),
                  Text.of("hosts.kind.shared"));
          default ->
              named(host.container()) || named(host.vm())
                  ? Text.of(
                      "hosts.kind.unlisted", named(host.container()) ? host.container() : host.vm())
                  : Text.of("hosts.kind.undetected");
        };
    Text observed =
        Text.of(
            "hosts.node",
            Text.word("residency.role." + host.role(), host.role()),
            host.host(),
            what,
            String.valueOf(host.kernel()),
            host.cores() == null ? "?" : host.cores(),
            host.memoryMb() == null ? "?" : host.memoryMb());
    Status status =
        host.kind().equals(BARE_METAL) || host.kind().equals(FULL)
            ? Status.PASS
            : host.kind().equals(CONTAINER) || named(host.container()) || named(host.vm())
                ? Status.WARN
                : Status.NOT_ASSESSED;
    if (status == Status.NOT_ASSESSED) {
      observed = Text.of("notAssessed", observed);
    }
    return finding(
        idTitle[0],
        idTitle[1],
        status,
        observed,
        expected,
        status == Status.WARN ? Catalogue.english().word("fix.hosts.container") : "");
  }

  private Finding steal(List<HostsEvidence.Host> hosts) {
    List<Text> parts = new ArrayList<>();
    boolean high = false;
    boolean measured = false;
    for (HostsEvidence.Host host : hosts) {
      Text role = Text.word("residency.role." + host.role(), host.role());
      if (host.stealPercent() == null) {
        parts.add(
            host.error() != null
                ? Text.of("hosts.steal.notRead", role, errorText(host))
                : Text.of("hosts.steal.none", role));
        continue;
      }
      measured = true;
      high |= host.stealPercent() > rules.stealMaxPercent();
      parts.add(
          Text.of(
              "hosts.steal.node",
              role,
              host.stealPercent(),
              host.windowMs() == null ? "?" : host.windowMs() / 1000.0));
    }
    Status status = high ? Status.WARN : measured ? Status.PASS : Status.NOT_ASSESSED;
    Text observed = Text.join("sep.semicolon", parts);
    return finding(
        "HOSTS-STEAL",
        "CPU steal time within the limit",
        status,
        status == Status.NOT_ASSESSED ? Text.of("notAssessed", observed) : observed,
        Text.of("hosts.steal.expected", rules.stealMaxPercent()),
        high ? Catalogue.english().word("fix.hosts.steal") : "");
  }

  private Finding separate(
      HostsEvidence.Host primary, HostsEvidence.Host dr, boolean sameConfiguredHost) {
    Text expected = Text.of("hosts.separate.expected");
    String title = "Primary and DR run on different machines";
    if (primary.bootId() == null || dr.bootId() == null) {
      HostsEvidence.Host missing = primary.bootId() == null ? primary : dr;
      return finding(
          "HOSTS-SEPARATE",
          title,
          Status.NOT_ASSESSED,
          Text.of(
              "notAssessed",
              missing.error() != null
                  ? notReadText(missing)
                  : Text.of(
                      "hosts.separate.noBootId",
                      Text.word("residency.role." + missing.role(), missing.role()))),
          expected,
          "");
    }
    if (primary.bootId().equals(dr.bootId())) {
      return sameConfiguredHost
          ? finding(
              "HOSTS-SEPARATE",
              title,
              Status.WARN,
              Text.of("hosts.separate.configured", primary.host(), primary.bootId()),
              expected,
              Catalogue.english().word("fix.hosts.separate"))
          : finding(
              "HOSTS-SEPARATE",
              title,
              Status.FAIL,
              Text.of("hosts.separate.hidden", primary.host(), dr.host(), primary.bootId()),
              expected,
              Catalogue.english().word("fix.hosts.separate"));
    }
    return finding(
        "HOSTS-SEPARATE",
        title,
        Status.PASS,
        Text.of("hosts.separate.apart", primary.bootId(), dr.bootId()),
        expected,
        "");
  }

  private static Text errorText(HostsEvidence.Host host) {
    return host.errorText() == null ? Text.of("verbatim", host.error()) : host.errorText();
  }

  private static Text notReadText(HostsEvidence.Host host) {
    return Text.of(
        "hosts.notRead",
        Text.word("residency.role." + host.role(), host.role()),
        host.host(),
        errorText(host));
  }

  private static Text notRead(HostsEvidence.Host host) {
    return Text.of("notAssessed", notReadText(host));
  }

  private Finding finding(
      String id, String title, Status status, Text observed, Text expected, String fix) {
    return Finding.said(
        id,
        title,
        "hosts",
        id.equals("HOSTS-SEPARATE") ? Severity.HIGH : Severity.MEDIUM,
        status,
        observed,
        expected,
        "Art. 32(1)(b) asks for resilient systems: a DR node in a container shares its host's CPUs"
            + " and memory with its neighbours, and one on the primary's machine fails with it.",
        fix,
        references);
  }
}
