package eu.art32.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The recovery objectives a pair is held to: the data-loss window (RPO), the time to the first
 * committed write after a fault (RTO), the primary-to-DR round trip at a percentile, the
 * replication lag (heartbeat p99), the age of the newest backup, the time to restore a backup to a
 * server that answers queries, and how often the pair must be drilled (Art. 32(1)(d)).
 */
public record Objectives(
    Duration rpo,
    Duration rto,
    Duration latency,
    int latencyPercentile,
    Duration lag,
    Duration backupAge,
    Duration restoreRto,
    Duration drillInterval) {
  /** The keys of an objectives mapping, in art32.yaml and in rules/objectives.yaml defaults. */
  public static final Set<String> KEYS = ConfigSchema.keys("pairs", "[]", "objectives");

  public Objectives {
    Objects.requireNonNull(rpo, "rpo");
    Objects.requireNonNull(rto, "rto");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(lag, "lag");
    Objects.requireNonNull(backupAge, "backupAge");
    Objects.requireNonNull(restoreRto, "restoreRto");
    Objects.requireNonNull(drillInterval, "drillInterval");
  }
}
