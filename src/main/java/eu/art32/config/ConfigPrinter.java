package eu.art32.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a resolved config as YAML with every secret replaced by its source. The same text is
 * hashed into the evidence as the config digest, so the digest never depends on a password.
 */
public final class ConfigPrinter {
  private ConfigPrinter() {}

  private static void line(StringBuilder out, String key, String value) {
    if (value != null) {
      out.append("  ").append(key).append(": ").append(quote(value)).append('\n');
    }
  }

  public static String print(Art32Config config) {
    StringBuilder out = new StringBuilder();
    out.append("# resolved from ").append(config.file()).append(", secrets redacted\n");
    out.append("version: 1\n");
    if (config.operator() != null) {
      out.append("operator: ").append(quote(config.operator())).append('\n');
    }
    if (config.controller() != null) {
      Controller c = config.controller();
      out.append("controller:\n");
      line(out, "name", c.name());
      line(out, "organisationNumber", c.organisationNumber());
      line(out, "system", c.system());
      if (!c.personalData().isEmpty()) {
        out.append("  personalData: [")
            .append(String.join(", ", c.personalData().stream().map(ConfigPrinter::quote).toList()))
            .append("]\n");
      }
      line(out, "contact", c.contact());
    }
    if (config.evidence() != null) {
      out.append("evidence:\n");
      EvidenceConfig e = config.evidence();
      if (e.history() != null) {
        out.append("  history: ").append(quote(e.history().toString())).append('\n');
      }
      if (e.timestampAuthority() != null) {
        out.append("  timestampAuthority: ")
            .append(quote(e.timestampAuthority().toString()))
            .append('\n');
      }
      if (e.signingKey() != null) {
        out.append("  signingKey: ").append(quote(e.signingKey().toString())).append('\n');
        out.append("  signingPublicKey: ")
            .append(quote(e.signingPublicKey().toString()))
            .append('\n');
      }
    }
    if (config.geoip() != null) {
      out.append("geoip:\n");
      if (config.geoip().database() != null) {
        out.append("  database: ").append(quote(config.geoip().database().toString())).append('\n');
      }
      if (config.geoip().asnDatabase() != null) {
        out.append("  asnDatabase: ")
            .append(quote(config.geoip().asnDatabase().toString()))
            .append('\n');
      }
    }
    out.append("pairs:\n");
    for (PairConfig pair : config.pairs()) {
      out.append("  - name: ").append(quote(pair.name())).append('\n');
      out.append("    environment: ").append(Fields.spelling(pair.environment())).append('\n');
      if (!pair.tags().isEmpty()) {
        out.append("    tags: [")
            .append(String.join(", ", pair.tags().stream().map(ConfigPrinter::quote).toList()))
            .append("]\n");
      }
      node(out, "primary", pair.primary());
      node(out, "replica", pair.replica());
      Objectives o = pair.objectives();
      out.append("    objectives:\n");
      out.append("      rpo: ").append(o.rpo().toMillis()).append("ms\n");
      out.append("      rto: ").append(o.rto().toMillis()).append("ms\n");
      out.append("      latency: ").append(o.latency().toMillis()).append("ms\n");
      out.append("      latencyPercentile: ").append(o.latencyPercentile()).append('\n');
      out.append("      lag: ").append(o.lag().toMillis()).append("ms\n");
      out.append("      backupAge: ").append(o.backupAge().toMillis()).append("ms\n");
      out.append("      restoreRto: ").append(o.restoreRto().toMillis()).append("ms\n");
      out.append("      drillInterval: ").append(o.drillInterval().toMillis()).append("ms\n");
      if (pair.mirror() != null) {
        out.append("    mirror:\n");
        out.append("      source: ").append(quote(pair.mirror().source().toString())).append('\n');
        out.append("      target: ").append(quote(pair.mirror().target())).append('\n');
        if (pair.mirror().lsyncdConfig() != null) {
          out.append("      lsyncdConfig: ")
              .append(quote(pair.mirror().lsyncdConfig().toString()))
              .append('\n');
        }
        if (pair.mirror().fileRpo() != null) {
          out.append("      fileRpo: ").append(pair.mirror().fileRpo().toMillis()).append("ms\n");
        }
        if (pair.mirror().remoteShell() != null) {
          out.append("      remoteShell: ").append(quote(pair.mirror().remoteShell())).append('\n');
        }
      }
      if (!pair.runbook().isEmpty()) {
        out.append("    runbook:\n");
        for (RunbookStep step : pair.runbook()) {
          out.append("      - name: ").append(quote(step.name())).append('\n');
          out.append("        ")
              .append(step.kind().name().toLowerCase(Locale.ROOT))
              .append(": ")
              .append(quote(step.text()))
              .append('\n');
          out.append("        on: ").append(Fields.spelling(step.on())).append('\n');
          out.append("        timeout: ").append(step.timeout().toMillis()).append("ms\n");
        }
      }
      drill(out, pair.drill());
      PairChecks checks = pair.checks();
      for (AreaSettings<?> section : AreaSettings.all()) {
        section(out, section, checks);
      }
      checks(out, checks);
    }
    return out.toString();
  }

  private static <S> void section(StringBuilder out, AreaSettings<S> section, PairChecks checks) {
    Map<String, Object> lines = section.print(checks.settings(section));
    if (lines.isEmpty()) {
      return;
    }
    out.append("    ").append(section.key()).append(":\n");
    lines.forEach(
        (key, value) ->
            out.append("      ")
                .append(key)
                .append(": ")
                .append(value instanceof String text ? quote(text) : String.valueOf(value))
                .append('\n'));
  }

  private static void checks(StringBuilder out, PairChecks checks) {
    HeartbeatConfig h = checks.heartbeat();
    out.append("    heartbeat:\n");
    out.append("      enabled: ").append(h.enabled()).append('\n');
    out.append("      interval: ").append(h.interval().toMillis()).append("ms\n");
    out.append("      window: ").append(h.window().toMillis()).append("ms\n");
    out.append("      schema: ").append(quote(h.schema())).append('\n');
    ConsistencyConfig c = checks.consistency();
    out.append("    consistency:\n");
    out.append("      enabled: ").append(c.enabled()).append('\n');
    list(out, "tables", c.tables());
    list(out, "exclude", c.exclude());
    out.append("      chunkRows: ").append(c.chunkRows()).append('\n');
    out.append("      maxQps: ").append(c.maxQps()).append('\n');
    out.append("      smallTableRows: ").append(c.smallTableRows()).append('\n');
    out.append("      lockWaitTimeout: ").append(c.lockWaitTimeout().toMillis()).append("ms\n");
    out.append("      chunkTime: ").append(c.chunkTime().toMillis()).append("ms\n");
    BackupConfig b = checks.backup();
    if (b != null) {
      out.append("    backup:\n");
      out.append("      node: ").append(b.node()).append('\n');
      if (b.command() != null) {
        out.append("      command: ").append(quote(b.command())).append('\n');
      }
      out.append("      directory: ").append(quote(b.directory().toString())).append('\n');
      out.append("      tool: ").append(quote(b.tool())).append('\n');
      list(out, "verifyTables", b.verifyTables());
      out.append("      timeout: ").append(b.timeout().toMillis()).append("ms\n");
    }
  }

  private static void list(StringBuilder out, String key, List<String> values) {
    if (!values.isEmpty()) {
      out.append("      ")
          .append(key)
          .append(": [")
          .append(String.join(", ", values.stream().map(ConfigPrinter::quote).toList()))
          .append("]\n");
    }
  }

  private static void drill(StringBuilder out, DrillConfig d) {
    out.append("    drill:\n");
    out.append("      fault: ").append(Fields.spelling(d.fault())).append('\n');
    if (d.faultCommand() != null) {
      out.append("      faultCommand: ").append(quote(d.faultCommand())).append('\n');
    }
    if (d.recoverCommand() != null) {
      out.append("      recoverCommand: ").append(quote(d.recoverCommand())).append('\n');
    }
    out.append("      promotion: ").append(Fields.spelling(d.promotion())).append('\n');
    if (d.promotion() == DrillConfig.Promotion.EXTERNAL) {
      out.append("      detectTimeout: ").append(d.detectTimeout().toMillis()).append("ms\n");
    }
    if (d.manager() != null) {
      out.append("      manager: ").append(quote(d.manager())).append('\n');
    }
    out.append("      failback: ").append(Fields.spelling(d.failback())).append('\n');
    out.append("      canaryConnections: ").append(d.canaryConnections()).append('\n');
    out.append("      canarySchema: ").append(quote(d.canarySchema())).append('\n');
    out.append("      warmup: ").append(d.warmup().toMillis()).append("ms\n");
    out.append("      maxLag: ").append(d.maxLag().toMillis()).append("ms\n");
    out.append("      timeout: ").append(d.timeout().toMillis()).append("ms\n");
    if (d.healthCheck() != null) {
      out.append("      healthCheck:\n        ")
          .append(Fields.spelling(d.healthCheck().kind()))
          .append(": ")
          .append(quote(d.healthCheck().target()))
          .append("\n        timeout: ")
          .append(d.healthCheck().timeout().toMillis())
          .append("ms\n");
    }
    if (d.endpoint() != null) {
      out.append("      endpoint: {host: ")
          .append(quote(d.endpoint().host()))
          .append(", port: ")
          .append(d.endpoint().port())
          .append("}\n");
    }
    if (!d.verifyTables().isEmpty()) {
      out.append("      verifyTables: [")
          .append(String.join(", ", d.verifyTables().stream().map(ConfigPrinter::quote).toList()))
          .append("]\n");
    }
    if (d.replication() != null) {
      out.append("      replication:\n");
      out.append("        user: ").append(quote(d.replication().user())).append('\n');
      out.append("        password: ")
          .append(quote(d.replication().password().toString()))
          .append('\n');
      if (d.replication().primaryHost() != null) {
        out.append("        primaryHost: ")
            .append(quote(d.replication().primaryHost()))
            .append('\n');
      }
      if (d.replication().replicaHost() != null) {
        out.append("        replicaHost: ")
            .append(quote(d.replication().replicaHost()))
            .append('\n');
      }
    }
  }

  private static void node(StringBuilder out, String role, NodeConfig node) {
    out.append("    ").append(role).append(":\n");
    out.append("      host: ").append(quote(node.host())).append('\n');
    out.append("      port: ").append(node.port()).append('\n');
    out.append("      user: ").append(quote(node.user())).append('\n');
    out.append("      password: ").append(quote(node.password().toString())).append('\n');
    out.append("      tls: ").append(Fields.spelling(node.tls())).append('\n');
    if (node.caFile() != null) {
      out.append("      ca: ").append(quote(node.caFile().toString())).append('\n');
    }
    Site site = node.site();
    if (!site.equals(Site.UNDECLARED)) {
      out.append("      site:\n");
      field(out, "country", site.country());
      field(out, "city", site.city());
      field(out, "provider", site.provider());
      field(out, "facility", site.facility());
      field(out, "publicIp", site.publicIp());
    }
  }

  private static void field(StringBuilder out, String key, String value) {
    if (value != null) {
      out.append("        ").append(key).append(": ").append(quote(value)).append('\n');
    }
  }

  private static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
