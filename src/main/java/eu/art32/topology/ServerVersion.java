package eu.art32.topology;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server's flavor and version as {@code SELECT VERSION()} gives them ("8.0.15", "5.7.22-log",
 * "11.4.5-MariaDB-log"). The statements art32 sends are chosen from it, never guessed.
 */
public record ServerVersion(boolean mariaDb, int major, int minor, int patch, String text) {
  private static final Pattern NUMBERS = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

  /**
   * Parses a version string; one that does not start with major.minor is refused with its text,
   * because every statement art32 would send depends on it.
   */
  public static ServerVersion parse(String version) {
    String text = version == null ? "" : version.trim();
    Matcher m = NUMBERS.matcher(text);
    if (!m.find()) {
      throw new IllegalArgumentException(
          "cannot read the server version '" + text + "': expected major.minor.patch");
    }
    // MariaDB 10.x once reported itself as "5.5.5-10.x.y-MariaDB" to old clients; the real
    // version follows the prefix.
    String lower = text.toLowerCase(Locale.ROOT);
    boolean mariaDb = lower.contains("mariadb");
    if (mariaDb && text.startsWith("5.5.5-")) {
      return parse(text.substring("5.5.5-".length()));
    }
    return new ServerVersion(
        mariaDb,
        Integer.parseInt(m.group(1)),
        Integer.parseInt(m.group(2)),
        m.group(3) == null ? 0 : Integer.parseInt(m.group(3)),
        text);
  }

  /** Whether this version is the given one or newer (same flavor assumed). */
  public boolean atLeast(int major, int minor, int patch) {
    if (this.major != major) {
      return this.major > major;
    }
    if (this.minor != minor) {
      return this.minor > minor;
    }
    return this.patch >= patch;
  }

  /** "MySQL 8.0.15", "MariaDB 11.4.5": for messages and the report. */
  public String label() {
    return (mariaDb ? "MariaDB " : "MySQL ") + major + "." + minor + "." + patch;
  }
}
