package eu.art32.audit;

import eu.art32.config.Art32Config;
import eu.art32.rules.Resources;
import eu.art32.rules.RuleBook;
import java.nio.file.Path;
import java.util.Objects;

/** What `art32 audit` was asked to do. */
public record AuditRequest(
    Art32Config config,
    String pair,
    Path outDir,
    RuleBook rules,
    Resources templates,
    String command) {
  public AuditRequest {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(outDir, "outDir");
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(templates, "templates");
    Objects.requireNonNull(command, "command");
  }
}
