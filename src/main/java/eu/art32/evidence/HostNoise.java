package eu.art32.evidence;

/**
 * How busy the art32 host was while a timed figure was measured: {@code watchers} threads (one per
 * core) woke at a fixed interval (every millisecond while round trips are sampled or a drill
 * recovers, every 10 ms over a heartbeat window), {@code ticks} times in all, {@code lateTicks} of
 * them at least 0.2 ms late; the 99th percentile and the largest lateness in milliseconds; the
 * host's CPU pressure ({@code some avg10}, percent; null without PSI) and one-minute load average
 * at the end.
 */
public record HostNoise(
    int watchers,
    long ticks,
    long lateTicks,
    double lateP99Ms,
    double lateMaxMs,
    Double cpuPressure,
    Double loadAverage) {

  /**
   * Whether the host was busy while it watched: at least 1 % of its wake-ups late, or the kernel
   * reporting at least 10 % CPU pressure.
   */
  public boolean busy() {
    return lateTicks * 100 >= ticks && ticks > 0 || cpuPressure != null && cpuPressure >= 10;
  }

  /** A short account for a finding: "watch late 0.4 ms at p99, 12.1 ms at most; CPU ...". */
  /** {@link #describe()} in every language. */
  public Text text() {
    return Text.concat(
        Text.of("host.late", lateTicks, ticks, lateP99Ms, lateMaxMs),
        cpuPressure == null ? Text.concat() : Text.of("host.pressure", cpuPressure),
        loadAverage == null ? Text.concat() : Text.of("host.load", loadAverage));
  }

  public String describe() {
    return "host wake-ups late "
        + lateTicks
        + " of "
        + ticks
        + " times, p99 "
        + lateP99Ms
        + " ms, max "
        + lateMaxMs
        + " ms"
        + (cpuPressure == null ? "" : ", CPU pressure " + cpuPressure + " %")
        + (loadAverage == null ? "" : ", load " + loadAverage);
  }
}
