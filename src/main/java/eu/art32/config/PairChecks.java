package eu.art32.config;

import java.util.Objects;

/**
 * How a pair's audit checks run: the residency policy (null: the default of rules/residency.yaml),
 * the latency sampling with the command that runs {@code art32 probe} on the primary's host, the
 * heartbeat, the consistency check, the backup to verify (null: none configured), and the command
 * that traces the route on the primary's host (null: traceroute here when art32 runs there), and
 * the command that runs the hosts probe on a node's host (null: here, for a node on this host).
 */
public record PairChecks(
    String policy,
    int samples,
    int warmup,
    String probeCommand,
    HeartbeatConfig heartbeat,
    ConsistencyConfig consistency,
    BackupConfig backup,
    String pathCommand,
    String hostsCommand) {
  public static final PairChecks DEFAULTS =
      new PairChecks(
          null,
          50,
          5,
          null,
          HeartbeatConfig.DEFAULTS,
          ConsistencyConfig.DEFAULTS,
          null,
          null,
          null);

  public PairChecks {
    if (samples < 1 || warmup < 0) {
      throw new IllegalArgumentException("samples >= 1, warmup >= 0");
    }
    Objects.requireNonNull(heartbeat, "heartbeat");
    Objects.requireNonNull(consistency, "consistency");
  }
}
