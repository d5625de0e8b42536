package eu.art32.latency;

import eu.art32.config.PairConfig;
import eu.art32.evidence.Finding;
import eu.art32.evidence.KernelRtt;
import eu.art32.evidence.LatencyEvidence;
import eu.art32.evidence.Reference;
import eu.art32.evidence.Severity;
import eu.art32.evidence.Status;
import eu.art32.evidence.TimedFigure;
import java.util.ArrayList;
import java.util.List;

/**
 * The verdict on the primary-to-DR round trip, from figures a busy art32 host cannot fake: PASS
 * when even the measured percentile is within the bound, FAIL when even the percentile without the
 * host's own delays is over it (or the kernel's smallest RTT of the connection is), WARN
 * "unconfirmed" in between. When the DR end runs on the busy art32 host itself, a FAIL also needs
 * the median without host delays over the bound: the waits of that end's own processes are
 * invisible to the host watch.
 */
final class LatencyVerdict {
  private LatencyVerdict() {}

  /**
   * LATENCY-PRIMARY-DR for the series that counts (null: NOT_ASSESSED with {@code source}). {@code
   * farEndHere}: the DR end runs on the art32 host itself.
   */
  static Finding finding(
      List<Reference> references,
      PairConfig pair,
      LatencyEvidence.Series counted,
      String source,
      boolean farEndHere) {
    int percentile = pair.objectives().latencyPercentile();
    double bound = pair.objectives().latency().toNanos() / 1e6;
    String expected = "primary -> DR p" + percentile + " round trip < " + trim(bound) + " ms";
    if (counted == null) {
      return new Finding(
          "LATENCY-PRIMARY-DR",
          "Primary to DR round trip",
          "latency",
          Severity.HIGH,
          Status.NOT_ASSESSED,
          "not assessed: " + source,
          expected,
          "The DR copy can only be close to current if every transaction reaches it quickly; the round trip bounds that.",
          "",
          references);
    }
    TimedFigure figure = figure(counted, percentile);
    Status status = figure.against(bound, false);
    KernelRtt kernel = counted.kernel();
    TimedFigure median = figure(counted, 50);
    boolean sharedCpus = farEndHere && counted.host() != null && counted.host().busy();
    if (status == Status.FAIL && sharedCpus && median.undistorted() < bound) {
      // the tail may be the far end's own waits for a CPU: only a median over the bound,
      // which those waits move least, confirms the failure
      status = Status.WARN;
    }
    if (kernel != null && kernel.minRttMs() >= bound) {
      // the kernel timed every round trip of the connection at or above the bound
      status = Status.FAIL;
    }
    String observed = observed(counted, percentile, figure, median, sharedCpus, status);
    String text =
        status == Status.WARN ? TimedFigure.unconfirmed("round trip", "bound", observed) : observed;
    return new Finding(
        "LATENCY-PRIMARY-DR",
        "Primary to DR round trip",
        "latency",
        Severity.HIGH,
        status,
        text,
        expected,
        "The DR copy can only be close to current if every transaction reaches it quickly; the round trip bounds that.",
        switch (status) {
          case FAIL ->
              "Move the DR node closer (same metro area, separate grid), or agree a larger bound and accept the RPO it implies.";
          case WARN ->
              "Run the audit again when the art32 host is less busy (or from a host of its own), so the figure can be told apart from the host's own delays.";
          default -> "";
        },
        references);
  }

  /**
   * The objective's percentile of a series as measured and without the measuring host's own delays
   * (the percentile of the per-sample lower bounds, which cannot exceed the true one).
   */
  static TimedFigure figure(LatencyEvidence.Series series, int percentile) {
    List<Double> lower = new ArrayList<>();
    for (int i = 0; i < series.samplesMs().size(); i++) {
      lower.add(Math.max(0, series.samplesMs().get(i) - series.hostDelayMs().get(i)));
    }
    return new TimedFigure(
        LatencyStatsCalculator.percentile(series.samplesMs(), percentile),
        LatencyStatsCalculator.percentile(lower, percentile));
  }

  /** The finding's figures: measured, without host delays, the kernel's, and the host's state. */
  private static String observed(
      LatencyEvidence.Series counted,
      int percentile,
      TimedFigure figure,
      TimedFigure median,
      boolean sharedCpus,
      Status status) {
    KernelRtt kernel = counted.kernel();
    StringBuilder observed =
        new StringBuilder(
            counted.level()
                + " "
                + counted.from()
                + " -> "
                + counted.to()
                + ": p"
                + percentile
                + " "
                + figure.measured()
                + " ms (p50 "
                + counted.stats().p50()
                + ", max "
                + counted.stats().max()
                + ", "
                + counted.stats().count()
                + " samples, "
                + counted.stats().failures()
                + " failed)");
    if (figure.distorted()) {
      observed
          .append("; without the art32 host's own delays at least ")
          .append(figure.undistorted())
          .append(" ms (")
          .append(counted.distortedSamples())
          .append(" of ")
          .append(counted.stats().count())
          .append(" samples delayed by the host, up to ")
          .append(LatencyStatsCalculator.round(counted.largestHostDelayMs()))
          .append(" ms)");
    }
    if (kernel != null) {
      observed
          .append("; kernel RTT of the connection min ")
          .append(kernel.minRttMs())
          .append(" ms");
    }
    if (sharedCpus && status == Status.WARN) {
      observed
          .append("; the DR end runs on this busy host, whose delays to it art32 cannot see:")
          .append(" median without the host's delays ")
          .append(median.undistorted())
          .append(" ms");
    }
    if (counted.host() != null && (status == Status.WARN || figure.distorted())) {
      observed.append("; ").append(counted.host().describe());
    }
    return observed.toString();
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
