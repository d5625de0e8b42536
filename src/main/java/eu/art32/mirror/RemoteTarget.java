package eu.art32.mirror;

import eu.art32.Art32Exception;
import eu.art32.EnvironmentException;
import eu.art32.Shell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A mirror on another host ({@code [user@]host:/path}), read through the remote shell lsyncd's
 * rsyncssh uses (ssh by default): canary files are hashed there with sha256sum, and the trees are
 * compared by rsync itself in dry-run mode with --itemize-changes.
 */
record RemoteTarget(String host, String dir, String shell) {
  static RemoteTarget parse(String target, String shell) {
    int colon = target.indexOf(':');
    return new RemoteTarget(
        target.substring(0, colon), target.substring(colon + 1), shell == null ? "ssh" : shell);
  }

  /** SHA-256 (hex) of a file under the mirror, or null when it is not there (yet). */
  String sha256(String relative) {
    Output out =
        run(
            List.of(
                shell,
                host,
                "sha256sum '" + (dir + "/" + relative).replace("'", "'\\''") + "' 2>/dev/null"),
            10);
    if (out.exit() != 0) {
      return null;
    }
    return out.text()
        .lines()
        .filter(l -> l.matches("[0-9a-f]{64}\\s.*"))
        .map(l -> l.substring(0, 64))
        .findFirst()
        .orElse(null);
  }

  /** The differences rsync would transfer, as a comparison result. */
  TreeComparison.Result compare(String source, List<String> excludes, boolean deep) {
    List<String> argv =
        new ArrayList<>(List.of("rsync", "-rlptn", "--delete", "--itemize-changes", "-e", shell));
    if (deep) {
      argv.add("-c");
    }
    for (String e : excludes) {
      argv.add("--exclude=" + e);
    }
    argv.add(source.endsWith("/") ? source : source + "/");
    argv.add(host + ":" + (dir.endsWith("/") ? dir : dir + "/"));
    Output out = run(argv, 3600);
    if (out.exit() != 0) {
      throw new EnvironmentException(
          "rsync dry run against "
              + host
              + ":"
              + dir
              + " failed (exit "
              + out.exit()
              + "): "
              + Art32Exception.firstLine(out.text()));
    }
    long missing = 0;
    long extra = 0;
    long different = 0;
    List<String> samples = new ArrayList<>();
    for (String line : out.text().split("\n")) {
      if (line.startsWith("*deleting ")) {
        extra++;
        sample(samples, "extra on the mirror: " + line.substring(10).trim());
      } else if (line.length() > 12
          && (line.charAt(0) == '>' || line.charAt(0) == '<')
          && line.charAt(1) == 'f') {
        String path = line.substring(12).trim();
        if (line.startsWith("f+++++++++", 1)) {
          missing++;
          sample(samples, "missing on the mirror: " + path);
        } else {
          different++;
          sample(samples, "different: " + path + " (" + line.substring(0, 11) + ")");
        }
      }
    }
    return new TreeComparison.Result(-1, -1, missing, extra, different, 0, 0, null, samples);
  }

  private static void sample(List<String> samples, String text) {
    if (samples.size() < TreeComparison.SAMPLES) {
      samples.add(text);
    }
  }

  private record Output(int exit, String text) {}

  private static Output run(List<String> argv, int seconds) {
    Shell.Result r = Shell.run(argv, Duration.ofSeconds(seconds), Map.of(), 64 << 20);
    return new Output(r.timedOut() ? -1 : r.exitCode(), r.timedOut() ? "timed out" : r.output());
  }
}
