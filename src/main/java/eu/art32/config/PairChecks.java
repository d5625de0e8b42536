package eu.art32.config;

/**
 * How a pair's residency and latency are checked: the residency policy (null: the default of
 * rules/residency.yaml), and the latency sampling with the command that runs {@code art32 probe} on
 * the primary's host.
 */
public record PairChecks(String policy, int samples, int warmup, String probeCommand) {
  public static final PairChecks DEFAULTS = new PairChecks(null, 50, 5, null);

  public PairChecks {
    if (samples < 1 || warmup < 0) {
      throw new IllegalArgumentException("samples >= 1, warmup >= 0");
    }
  }
}
