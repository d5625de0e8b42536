package eu.art32.evidence;

import java.util.List;

/**
 * What each database host runs on: its virtualisation as systemd-detect-virt, /proc/cpuinfo and
 * /proc/1/cgroup tell it, kernel, cores, memory, the kernel's boot id (equal on two nodes: one
 * machine) and the CPU time the hypervisor gave others (steal) over the sampling window.
 */
public record HostsEvidence(List<Host> nodes) {
  public HostsEvidence {
    nodes = List.copyOf(nodes);
  }

  /**
   * One node's host. {@code kind} is {@code bare metal}, {@code full virtualisation}, {@code
   * container} or {@code unknown}; {@code error} says why the host could not be read.
   */
  public record Host(
      String role,
      String host,
      String probedFrom,
      Text probedFromText,
      String kind,
      String vm,
      String container,
      boolean hypervisorFlag,
      String cgroup,
      String kernel,
      Integer cores,
      Long memoryMb,
      String bootId,
      Double stealPercent,
      Long windowMs,
      String error,
      Text errorText) {
    /** A host that could not be read, and why. */
    public static Host unread(String role, String host, Text probedFrom, Text why) {
      Catalogue english = Catalogue.english();
      return new Host(
          role,
          host,
          english.say(probedFrom),
          probedFrom,
          "unknown",
          null,
          null,
          false,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          english.say(why),
          why);
    }
  }
}
