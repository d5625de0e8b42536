package eu.art32.path;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code traceroute} printed, read back: the destination it traced and every hop, one entry
 * per address that answered at a hop (a hop whose probes got no answer is one entry without an
 * address). Reads Linux traceroute's output with or without {@code -n} and with any number of
 * probes per hop; lines it does not know (warnings, a command's own chatter) are left out.
 */
public record TraceOutput(String destination, List<Hop> hops) {
  private static final Pattern HEADER =
      Pattern.compile("^traceroute(?:6)? to (\\S+) \\(([^)]+)\\)", Pattern.CASE_INSENSITIVE);
  private static final Pattern HOP = Pattern.compile("^\\s*(\\d{1,3})\\s+(.*)$");
  private static final Pattern ADDRESS =
      Pattern.compile("^\\(?((?:\\d{1,3}\\.){3}\\d{1,3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]+)\\)?$");
  private static final Pattern NUMBER = Pattern.compile("^\\d+(?:\\.\\d+)?$");

  /**
   * One answer at a hop: its address (null: no probe was answered), the fastest of its round trips
   * in ms (null when none was printed) and traceroute's annotations such as {@code !H}.
   */
  public record Hop(int ttl, String address, Double rttMs, String flags) {}

  public TraceOutput {
    hops = List.copyOf(hops);
  }

  /** True when the last hop is the destination itself. */
  public boolean reached() {
    return !hops.isEmpty() && destination != null && destination.equals(last().address());
  }

  private Hop last() {
    return hops.get(hops.size() - 1);
  }

  /**
   * Parses traceroute's output.
   *
   * @throws IllegalArgumentException naming the first line when the text has no traceroute header
   *     (the command did not run traceroute, or it failed before tracing)
   */
  public static TraceOutput parse(String text) {
    String destination = null;
    List<Hop> hops = new ArrayList<>();
    String firstLine = null;
    for (String line : text.split("\\R")) {
      if (line.isBlank()) {
        continue;
      }
      if (firstLine == null) {
        firstLine = line.strip();
      }
      Matcher header = HEADER.matcher(line.strip());
      if (header.find()) {
        destination = header.group(2);
        hops.clear();
        continue;
      }
      Matcher hop = HOP.matcher(line);
      if (destination != null && hop.matches()) {
        hops.addAll(hop(Integer.parseInt(hop.group(1)), hop.group(2)));
      }
    }
    if (destination == null) {
      throw new IllegalArgumentException(
          "no traceroute output"
              + (firstLine == null ? " (it printed nothing)" : ": \"" + firstLine + "\""));
    }
    return new TraceOutput(destination, hops);
  }

  /** The entries of one hop line: each address with its fastest round trip and its flags. */
  private static List<Hop> hop(int ttl, String rest) {
    List<Hop> entries = new ArrayList<>();
    String address = null;
    Double rtt = null;
    StringBuilder flags = new StringBuilder();
    String[] tokens = rest.trim().split("\\s+");
    for (int i = 0; i < tokens.length; i++) {
      String token = tokens[i];
      Matcher a = ADDRESS.matcher(token);
      if (token.equals("*")) {
        continue;
      }
      if (NUMBER.matcher(token).matches() && i + 1 < tokens.length && tokens[i + 1].equals("ms")) {
        double ms = Double.parseDouble(token);
        rtt = rtt == null ? ms : Math.min(rtt, ms);
        i++;
      } else if (token.startsWith("!")) {
        flags.append(flags.isEmpty() ? "" : " ").append(token);
      } else if (a.matches() && (token.startsWith("(") || !token.contains("("))) {
        String found = a.group(1);
        if (token.startsWith("(") && address != null && rtt == null) {
          // "name (address)": the name came first and was taken for nothing
          address = found;
        } else {
          if (address != null) {
            entries.add(new Hop(ttl, address, rtt, flags.isEmpty() ? null : flags.toString()));
          }
          address = found;
          rtt = null;
          flags.setLength(0);
        }
      } else if (!token.startsWith("<")
          && (i + 1 < tokens.length && tokens[i + 1].startsWith("("))) {
        // a host name printed before its address (traceroute without -n)
        if (address != null) {
          entries.add(new Hop(ttl, address, rtt, flags.isEmpty() ? null : flags.toString()));
        }
        address = null;
        rtt = null;
        flags.setLength(0);
      }
    }
    if (address != null) {
      entries.add(new Hop(ttl, address, rtt, flags.isEmpty() ? null : flags.toString()));
    }
    if (entries.isEmpty()) {
      entries.add(new Hop(ttl, null, null, null));
    }
    return entries;
  }
}
