package eu.art32.latency;

import eu.art32.Shell;
import eu.art32.evidence.KernelRtt;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Reads the kernel's RTT estimates of this process's established TCP connections to one address
 * with {@code ss -tinp}: Linux keeps them per socket ({@code TCP_INFO}) from the timing of ACKs, in
 * the kernel, so a busy art32 host does not inflate {@code minrtt}.
 */
final class KernelRttReader {
  private KernelRttReader() {}

  /** The estimate for {@code host:port}, or null where ss is missing or no connection is open. */
  static KernelRtt read(String host, int port) {
    String address;
    try {
      InetAddress resolved = InetAddress.getByName(host);
      address =
          resolved instanceof Inet6Address
              ? "[" + resolved.getHostAddress() + "]"
              : resolved.getHostAddress();
    } catch (UnknownHostException e) {
      return null;
    }
    Shell.Result result =
        Shell.run(
            List.of("ss", "-tinpH", "state", "established", "dst", address + ":" + port),
            Duration.ofSeconds(5),
            Map.of(),
            1 << 20);
    return result.succeeded() ? parse(result.output(), ProcessHandle.current().pid()) : null;
  }

  /** The connections of process {@code pid} in {@code ss -tinpH} output. */
  static KernelRtt parse(String output, long pid) {
    String[] lines = output.split("\n");
    double min = Double.MAX_VALUE;
    double srtt = Double.MAX_VALUE;
    int connections = 0;
    for (int i = 0; i + 1 < lines.length; i++) {
      if (!lines[i].contains("pid=" + pid + ",")) {
        continue;
      }
      String info = lines[i + 1];
      Double minRtt = field(info, " minrtt:");
      Double rtt = field(info, " rtt:");
      if (minRtt != null && rtt != null) {
        min = Math.min(min, minRtt);
        srtt = Math.min(srtt, rtt);
        connections++;
      }
    }
    return connections == 0
        ? null
        : new KernelRtt(
            LatencyStatsCalculator.round(min), LatencyStatsCalculator.round(srtt), connections);
  }

  /** The number after {@code name} up to a space or slash ("rtt:0.084/0.095" gives 0.084). */
  private static Double field(String line, String name) {
    int at = (" " + line.replace('\t', ' ')).indexOf(name);
    if (at < 0) {
      return null;
    }
    String rest = (" " + line.replace('\t', ' ')).substring(at + name.length());
    int end = 0;
    while (end < rest.length()
        && (Character.isDigit(rest.charAt(end)) || rest.charAt(end) == '.')) {
      end++;
    }
    try {
      return Double.parseDouble(rest.substring(0, end));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
