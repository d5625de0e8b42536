package eu.art32.hosts;

import eu.art32.config.AreaSettings;
import eu.art32.config.Fields;
import eu.art32.config.PairConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pair's {@code hosts:} section: the command that runs the hosts probe on a node's host ({@code
 * {host}} and {@code {role}} replaced, the probe on its standard input), or null: {@code sh -s}
 * here for a node on this host.
 */
public record HostsSettings(String command) {
  public static final Section SECTION = new Section();

  public static HostsSettings of(PairConfig pair) {
    return pair.checks().settings(SECTION);
  }

  /** Registered in META-INF/services/eu.art32.config.AreaSettings. */
  public static final class Section implements AreaSettings<HostsSettings> {
    @Override
    public String key() {
      return "hosts";
    }

    @Override
    public Class<HostsSettings> type() {
      return HostsSettings.class;
    }

    @Override
    public HostsSettings defaults() {
      return new HostsSettings(null);
    }

    @Override
    public HostsSettings read(Fields section, Path baseDir) {
      return new HostsSettings(section.string("command").orElse(null));
    }

    @Override
    public Map<String, Object> print(HostsSettings settings) {
      Map<String, Object> lines = new LinkedHashMap<>();
      if (settings.command() != null) {
        lines.put("command", settings.command());
      }
      return lines;
    }
  }
}
