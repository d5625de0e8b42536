package eu.art32.latency;

import eu.art32.config.AreaSettings;
import eu.art32.config.Fields;
import eu.art32.config.PairConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pair's {@code latency:} section: samples per series, warm-up samples thrown away first, and the
 * command that runs {@code art32 probe} on the primary's host ({@code {target}} and {@code
 * {samples}} replaced), or null.
 */
public record LatencySettings(int samples, int warmup, String probeCommand) {
  public static final Section SECTION = new Section();

  public LatencySettings {
    if (samples < 1 || warmup < 0) {
      throw new IllegalArgumentException("samples >= 1, warmup >= 0");
    }
  }

  public static LatencySettings of(PairConfig pair) {
    return pair.checks().settings(SECTION);
  }

  /** Registered in META-INF/services/eu.art32.config.AreaSettings. */
  public static final class Section implements AreaSettings<LatencySettings> {
    @Override
    public String key() {
      return "latency";
    }

    @Override
    public Class<LatencySettings> type() {
      return LatencySettings.class;
    }

    @Override
    public LatencySettings defaults() {
      return new LatencySettings(50, 5, null);
    }

    @Override
    public LatencySettings read(Fields section, Path baseDir) {
      LatencySettings d = defaults();
      return new LatencySettings(
          section.integer("samples").orElse(d.samples()),
          section.integer("warmup").orElse(d.warmup()),
          section.string("probeCommand").filter(p -> p.contains("{target}")).orElse(null));
    }

    /** Samples and warm-up always, so the printed config shows what the audit uses. */
    @Override
    public Map<String, Object> print(LatencySettings settings) {
      Map<String, Object> lines = new LinkedHashMap<>();
      lines.put("samples", settings.samples());
      lines.put("warmup", settings.warmup());
      if (settings.probeCommand() != null) {
        lines.put("probeCommand", settings.probeCommand());
      }
      return lines;
    }
  }
}
