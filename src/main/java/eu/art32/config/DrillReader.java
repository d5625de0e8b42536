package eu.art32.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Binds a pair's {@code drill:} section, with every problem located. */
final class DrillReader {
  private final ConfigLoader loader;

  DrillReader(ConfigLoader loader) {
    this.loader = loader;
  }

  DrillConfig read(
      YamlNode node, String path, boolean hasRunbook, Path baseDir, List<Problem> problems) {
    DrillConfig d = DrillConfig.defaults(hasRunbook);
    Fields f = Fields.shaped(node, path, problems);
    if (f == null) {
      return d;
    }
    DrillConfig.Fault fault = f.enumValue("fault", DrillConfig.Fault.class).orElse(d.fault());
    String faultCommand = f.string("faultCommand").orElse(null);
    if (fault == DrillConfig.Fault.COMMAND && faultCommand == null) {
      f.problem(
          f.keyLocation("fault"),
          "'" + f.name("fault") + "' command needs '" + f.name("faultCommand") + "'");
    }
    if (fault != DrillConfig.Fault.COMMAND && faultCommand != null) {
      f.problem(
          f.keyLocation("faultCommand"),
          "'" + f.name("faultCommand") + "' is only used with fault: command");
    }
    DrillConfig.Promotion promotion =
        f.enumValue("promotion", DrillConfig.Promotion.class).orElse(d.promotion());
    if (promotion == DrillConfig.Promotion.RUNBOOK && !hasRunbook) {
      f.problem(
          f.keyLocation("promotion"),
          "'" + f.name("promotion") + "' runbook needs a 'runbook' list on the pair");
    }
    if (promotion != DrillConfig.Promotion.EXTERNAL && f.node("detectTimeout").isPresent()) {
      f.problem(
          f.keyLocation("detectTimeout"),
          "'" + f.name("detectTimeout") + "' is only used with promotion: external");
    }
    // the schema check reports a name or table of the wrong form; binding leaves it out
    String canarySchema =
        f.string("canarySchema")
            .filter(c -> c.matches("[A-Za-z0-9_]{1,64}"))
            .orElse(d.canarySchema());
    List<String> verifyTables =
        f.strings("verifyTables").stream()
            .filter(t -> t.matches("[A-Za-z0-9_$]+\\.[A-Za-z0-9_$]+"))
            .toList();
    return new DrillConfig(
        fault,
        faultCommand,
        f.string("recoverCommand").orElse(null),
        promotion,
        f.enumValue("failback", DrillConfig.Failback.class).orElse(d.failback()),
        f.integer("canaryConnections").orElse(d.canaryConnections()),
        canarySchema,
        f.duration("warmup").orElse(d.warmup()),
        f.duration("maxLag").orElse(d.maxLag()),
        f.duration("timeout").orElse(d.timeout()),
        f.node("healthCheck").map(n -> health(n, f.name("healthCheck"), problems)).orElse(null),
        verifyTables,
        f.node("replication")
            .map(n -> replication(n, f.name("replication"), baseDir, problems))
            .orElse(null),
        f.node("endpoint").map(n -> endpoint(n, f.name("endpoint"), problems)).orElse(null),
        f.duration("detectTimeout").orElse(d.detectTimeout()),
        f.string("manager").orElse(null));
  }

  private static DrillConfig.Endpoint endpoint(YamlNode node, String path, List<Problem> problems) {
    Fields f = Fields.shaped(node, path, problems);
    if (f == null) {
      return null;
    }
    // host and port are required and bounded by the schema, which said so when they are not
    return f.string("host")
        .flatMap(h -> f.integer("port").map(p -> new DrillConfig.Endpoint(h, p)))
        .orElse(null);
  }

  private static DrillConfig.HealthCheck health(
      YamlNode node, String path, List<Problem> problems) {
    Fields f = Fields.shaped(node, path, problems);
    if (f == null) {
      return null;
    }
    Duration timeout = f.duration("timeout").orElse(Duration.ofSeconds(10));
    List<DrillConfig.HealthCheck> checks = new ArrayList<>();
    f.string("sql")
        .ifPresent(
            t ->
                checks.add(
                    new DrillConfig.HealthCheck(DrillConfig.HealthCheck.Kind.SQL, t, timeout)));
    f.string("tcp")
        .ifPresent(
            t ->
                checks.add(
                    new DrillConfig.HealthCheck(DrillConfig.HealthCheck.Kind.TCP, t, timeout)));
    f.string("http")
        .ifPresent(
            t ->
                checks.add(
                    new DrillConfig.HealthCheck(DrillConfig.HealthCheck.Kind.HTTP, t, timeout)));
    // exactly one, of the right form: the schema check said so when not
    return checks.size() == 1 ? checks.get(0) : null;
  }

  private DrillConfig.Replication replication(
      YamlNode node, String path, Path baseDir, List<Problem> problems) {
    Fields f = Fields.shaped(node, path, problems);
    if (f == null) {
      return null;
    }
    Map<String, String> options = loader.optionFile(f, baseDir);
    String user = f.string("user").orElse(options.get("user"));
    if (user == null) {
      f.problem(f.location(), "'" + f.name("user") + "' is not set here or in an option file");
    }
    Secret password = loader.password(f, options);
    if (user == null || password == null) {
      return null;
    }
    return new DrillConfig.Replication(
        user, password, f.string("primaryHost").orElse(null), f.string("replicaHost").orElse(null));
  }
}
