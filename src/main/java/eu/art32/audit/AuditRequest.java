package eu.art32.audit;

import eu.art32.config.Art32Config;
import eu.art32.config.GeoIpConfig;
import eu.art32.drill.DrillOutcome;
import eu.art32.report.OutputOptions;
import eu.art32.rules.Resources;
import eu.art32.rules.RuleBook;
import eu.art32.waiver.Waiver;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an audit was asked to do; {@code drills} holds the drills that ran first, by pair; {@code
 * geoip} the geo-IP databases named on the command line or in art32.yaml (may be null); {@code
 * pair} and {@code tags} select pairs (none: all); {@code parallel} bounds the pairs audited at
 * once; {@code waivers} are applied to the findings before the reports are written.
 */
public record AuditRequest(
    Art32Config config,
    String pair,
    Path outDir,
    RuleBook rules,
    Resources templates,
    String command,
    Map<String, DrillOutcome> drills,
    GeoIpConfig geoip,
    OutputOptions output,
    boolean deep,
    List<String> tags,
    int parallel,
    List<Waiver> waivers,
    AuditProgress progress) {
  public AuditRequest {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(outDir, "outDir");
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(templates, "templates");
    Objects.requireNonNull(command, "command");
    drills = Map.copyOf(drills);
    Objects.requireNonNull(output, "output");
    tags = List.copyOf(tags);
    if (parallel < 1) {
      throw new IllegalArgumentException("parallel >= 1");
    }
    waivers = List.copyOf(waivers);
    Objects.requireNonNull(progress, "progress");
  }

  /** One pair (or all), one at a time, no waivers, no progress: what a drill's audit needs. */
  public static AuditRequest of(
      Art32Config config,
      String pair,
      Path outDir,
      RuleBook rules,
      Resources templates,
      String command,
      Map<String, DrillOutcome> drills,
      GeoIpConfig geoip,
      OutputOptions output,
      boolean deep) {
    return new AuditRequest(
        config,
        pair,
        outDir,
        rules,
        templates,
        command,
        drills,
        geoip,
        output,
        deep,
        List.of(),
        1,
        List.of(),
        AuditProgress.NONE);
  }
}
