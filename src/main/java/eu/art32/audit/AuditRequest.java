package eu.art32.audit;

import eu.art32.config.Art32Config;
import eu.art32.config.GeoIpConfig;
import eu.art32.drill.DrillOutcome;
import eu.art32.report.OutputOptions;
import eu.art32.rules.Resources;
import eu.art32.rules.RuleBook;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What an audit was asked to do; {@code drills} holds the drills that ran first, by pair; {@code
 * geoip} the geo-IP databases named on the command line or in art32.yaml (may be null).
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
    boolean deep) {
  public AuditRequest {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(outDir, "outDir");
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(templates, "templates");
    Objects.requireNonNull(command, "command");
    drills = Map.copyOf(drills);
    Objects.requireNonNull(output, "output");
  }
}
