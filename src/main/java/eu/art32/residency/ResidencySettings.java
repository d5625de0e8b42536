package eu.art32.residency;

import eu.art32.config.AreaSettings;
import eu.art32.config.Fields;
import eu.art32.config.PairConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A pair's {@code residency:} section: its residency policy ({@code eea} or {@code eea+adequacy}),
 * or null: the default of rules/residency.yaml. The network path is judged by the same policy.
 */
public record ResidencySettings(String policy) {
  public static final Section SECTION = new Section();

  public static ResidencySettings of(PairConfig pair) {
    return pair.checks().settings(SECTION);
  }

  /** Registered in META-INF/services/eu.art32.config.AreaSettings. */
  public static final class Section implements AreaSettings<ResidencySettings> {
    @Override
    public String key() {
      return "residency";
    }

    @Override
    public Class<ResidencySettings> type() {
      return ResidencySettings.class;
    }

    @Override
    public ResidencySettings defaults() {
      return new ResidencySettings(null);
    }

    @Override
    public ResidencySettings read(Fields section, Path baseDir) {
      return new ResidencySettings(
          section
              .string("policy")
              .map(p -> p.toLowerCase(Locale.ROOT))
              .filter(p -> p.equals("eea") || p.equals("eea+adequacy"))
              .orElse(null));
    }

    @Override
    public Map<String, Object> print(ResidencySettings settings) {
      Map<String, Object> lines = new LinkedHashMap<>();
      if (settings.policy() != null) {
        lines.put("policy", settings.policy());
      }
      return lines;
    }
  }
}
