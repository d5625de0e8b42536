package eu.art32.latency;

import eu.art32.evidence.LatencyEvidence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Nearest-rank percentiles, mean and jitter of round-trip samples. */
public final class LatencyStatsCalculator {
  private LatencyStatsCalculator() {}

  public static LatencyEvidence.Stats of(List<Double> samples, int failures) {
    if (samples.isEmpty()) {
      return new LatencyEvidence.Stats(0, failures, null, null, null, null, null, null, null);
    }
    List<Double> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    double sum = 0;
    for (double s : samples) {
      sum += s;
    }
    double jitter = 0;
    for (int i = 1; i < samples.size(); i++) {
      jitter += Math.abs(samples.get(i) - samples.get(i - 1));
    }
    return new LatencyEvidence.Stats(
        samples.size(),
        failures,
        round(sorted.get(0)),
        round(rank(sorted, 50)),
        round(rank(sorted, 95)),
        round(rank(sorted, 99)),
        round(sorted.get(sorted.size() - 1)),
        round(sum / samples.size()),
        round(samples.size() < 2 ? 0 : jitter / (samples.size() - 1)));
  }

  /** The nearest-rank percentile {@code p} of unsorted samples (null when there are none). */
  public static Double percentile(List<Double> samples, int p) {
    if (samples.isEmpty()) {
      return null;
    }
    List<Double> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    return round(rank(sorted, p));
  }

  /** The nearest-rank percentile: the smallest sample with at least p% of samples at or below. */
  static double rank(List<Double> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  static double round(double ms) {
    return Math.round(ms * 1000.0) / 1000.0;
  }
}
