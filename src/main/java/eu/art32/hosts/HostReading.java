package eu.art32.hosts;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the probe script printed on one host, read back: systemd-detect-virt's answers, the
 * hypervisor flag, PID 1's cgroups, kernel, cores, memory, boot id and the CPU counters at both
 * ends of the sampling window.
 */
public record HostReading(
    String vm,
    String container,
    boolean hypervisorFlag,
    boolean openVz,
    String cgroup,
    String kernel,
    Integer cores,
    Long memoryKb,
    String bootId,
    Double stealPercent) {

  /** The first line the probe prints, so that output of anything else is told apart. */
  static final String MAGIC = "art32-hosts 1";

  /**
   * The probe: POSIX sh, read-only, run on the host with {@code sh -s} (the script on standard
   * input). {@code seconds} is how long the CPU counters are sampled.
   */
  static String script(double seconds) {
    return String.join(
        "\n",
        "echo '" + MAGIC + "'",
        "v=$(systemd-detect-virt --vm 2>/dev/null); echo \"vm=${v:-unknown}\"",
        "c=$(systemd-detect-virt --container 2>/dev/null); echo \"container=${c:-unknown}\"",
        "if grep -qw hypervisor /proc/cpuinfo 2>/dev/null; then echo hypervisor=1; else echo hypervisor=0; fi",
        "if [ -d /proc/vz ] && [ ! -d /proc/bc ]; then echo openvz=1; else echo openvz=0; fi",
        "echo \"cgroup=$(head -c 400 /proc/1/cgroup 2>/dev/null | tr '\\n' ' ')\"",
        "echo \"kernel=$(uname -r)\"",
        "echo \"cores=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)\"",
        "echo \"memory_kb=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)\"",
        "echo \"boot_id=$(cat /proc/sys/kernel/random/boot_id 2>/dev/null)\"",
        "echo \"stat1=$(head -n 1 /proc/stat)\"",
        "sleep " + String.format(Locale.ROOT, "%.1f", seconds),
        "echo \"stat2=$(head -n 1 /proc/stat)\"",
        "");
  }

  /**
   * Reads the probe's output.
   *
   * @throws IllegalArgumentException whose message is the first line, quoted ({@code -}: nothing
   *     was printed), when the output is not the probe's
   */
  static HostReading parse(String output) {
    Map<String, String> values = new HashMap<>();
    boolean started = false;
    String first = null;
    for (String line : output.split("\\R")) {
      if (first == null && !line.isBlank()) {
        first = line.strip();
      }
      if (line.strip().equals(MAGIC)) {
        started = true;
        values.clear();
        continue;
      }
      int eq = line.indexOf('=');
      if (started && eq > 0) {
        values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
      }
    }
    if (!started) {
      throw new IllegalArgumentException(first == null ? "-" : "\"" + first + "\"");
    }
    return new HostReading(
        values.getOrDefault("vm", "unknown"),
        values.getOrDefault("container", "unknown"),
        "1".equals(values.get("hypervisor")),
        "1".equals(values.get("openvz")),
        blankToNull(values.get("cgroup")),
        blankToNull(values.get("kernel")),
        number(values.get("cores")).map(Long::intValue).orElse(null),
        number(values.get("memory_kb")).orElse(null),
        blankToNull(values.get("boot_id")),
        steal(values.get("stat1"), values.get("stat2")));
  }

  /**
   * Steal as a share of all CPU time between two {@code cpu} lines of /proc/stat (user nice system
   * idle iowait irq softirq steal ...), null when either is missing or no time passed.
   */
  static Double steal(String first, String second) {
    long[] a = counters(first);
    long[] b = counters(second);
    if (a == null || b == null) {
      return null;
    }
    long total = 0;
    for (int i = 0; i < 8; i++) {
      total += b[i] - a[i];
    }
    if (total <= 0) {
      return null;
    }
    return Math.round((b[7] - a[7]) * 1000.0 / total) / 10.0;
  }

  private static long[] counters(String line) {
    if (line == null) {
      return null;
    }
    List<String> fields = List.of(line.trim().split("\\s+"));
    if (fields.size() < 9 || !fields.get(0).equals("cpu")) {
      return null;
    }
    long[] values = new long[8];
    try {
      for (int i = 0; i < 8; i++) {
        values[i] = Long.parseLong(fields.get(i + 1));
      }
    } catch (NumberFormatException e) {
      return null;
    }
    return values;
  }

  private static Optional<Long> number(String text) {
    try {
      return text == null ? Optional.empty() : Optional.of(Long.parseLong(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
