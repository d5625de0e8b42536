package eu.art32.path;

import eu.art32.config.AreaSettings;
import eu.art32.config.Fields;
import eu.art32.config.PairConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pair's {@code path:} section: the command that runs traceroute on the primary's host ({@code
 * {host}} and {@code {port}} replaced), or null: traceroute here, when art32 runs on that host.
 */
public record PathSettings(String command) {
  public static final Section SECTION = new Section();

  public static PathSettings of(PairConfig pair) {
    return pair.checks().settings(SECTION);
  }

  /** Registered in META-INF/services/eu.art32.config.AreaSettings. */
  public static final class Section implements AreaSettings<PathSettings> {
    @Override
    public String key() {
      return "path";
    }

    @Override
    public Class<PathSettings> type() {
      return PathSettings.class;
    }

    @Override
    public PathSettings defaults() {
      return new PathSettings(null);
    }

    @Override
    public PathSettings read(Fields section, Path baseDir) {
      return new PathSettings(
          section.string("command").filter(c -> c.contains("{host}")).orElse(null));
    }

    @Override
    public Map<String, Object> print(PathSettings settings) {
      Map<String, Object> lines = new LinkedHashMap<>();
      if (settings.command() != null) {
        lines.put("command", settings.command());
      }
      return lines;
    }
  }
}
