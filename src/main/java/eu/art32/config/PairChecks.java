package eu.art32.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a pair's audit checks run: the heartbeat, the consistency check, the backup to verify (null:
 * none configured), and each check area's own section ({@link AreaSettings}: residency, latency,
 * path, hosts...), keyed by the section's key; a section the pair leaves out has its defaults.
 */
public record PairChecks(
    HeartbeatConfig heartbeat,
    ConsistencyConfig consistency,
    BackupConfig backup,
    Map<String, Object> areas) {
  public static final PairChecks DEFAULTS =
      new PairChecks(HeartbeatConfig.DEFAULTS, ConsistencyConfig.DEFAULTS, null, Map.of());

  public PairChecks {
    Objects.requireNonNull(heartbeat, "heartbeat");
    Objects.requireNonNull(consistency, "consistency");
    areas = Collections.unmodifiableMap(new LinkedHashMap<>(areas));
  }

  /** The pair's settings of one section, or the section's defaults when the pair sets none. */
  public <S> S settings(AreaSettings<S> section) {
    Object value = areas.get(section.key());
    return value == null ? section.defaults() : section.type().cast(value);
  }

  /** The same checks with other consistency settings (a benchmark's profile). */
  public PairChecks withConsistency(ConsistencyConfig other) {
    return new PairChecks(heartbeat, other, backup, areas);
  }
}
