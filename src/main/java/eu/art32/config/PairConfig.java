package eu.art32.config;

import java.util.List;
import java.util.Objects;

/** A primary and its DR replica, with what they are held to. */
public record PairConfig(
    String name,
    Environment environment,
    List<String> tags,
    NodeConfig primary,
    NodeConfig replica,
    Objectives objectives,
    MirrorConfig mirror,
    List<RunbookStep> runbook,
    DrillConfig drill,
    PairChecks checks) {
  public PairConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(primary, "primary");
    Objects.requireNonNull(replica, "replica");
    Objects.requireNonNull(objectives, "objectives");
    tags = List.copyOf(tags);
    runbook = List.copyOf(runbook);
    Objects.requireNonNull(drill, "drill");
    Objects.requireNonNull(checks, "checks");
  }
}
