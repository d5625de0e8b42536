package eu.art32.latency;

import eu.art32.config.PairConfig;
import eu.art32.evidence.Catalogue;
import eu.art32.evidence.Finding;
import eu.art32.evidence.KernelRtt;
import eu.art32.evidence.LatencyEvidence;
import eu.art32.evidence.Reference;
import eu.art32.evidence.Severity;
import eu.art32.evidence.Status;
import eu.art32.evidence.Text;
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
      Text source,
      boolean farEndHere) {
    int percentile = pair.objectives().latencyPercentile();
    double bound = pair.objectives().latency().toNanos() / 1e6;
    Text expected = Text.of("latency.expected", percentile, bound);
    if (counted == null) {
      return Finding.said(
          "LATENCY-PRIMARY-DR",
          "Primary to DR round trip",
          "latency",
          Severity.HIGH,
          Status.NOT_ASSESSED,
          Text.of("notAssessed", source),
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
    Text observed = observed(counted, percentile, figure, median, sharedCpus, status);
    Text text =
        status == Status.WARN ? TimedFigure.unconfirmed("roundTrip", "bound", observed) : observed;
    return Finding.said(
        "LATENCY-PRIMARY-DR",
        "Primary to DR round trip",
        "latency",
        Severity.HIGH,
        status,
        text,
        expected,
        "The DR copy can only be close to current if every transaction reaches it quickly; the round trip bounds that.",
        switch (status) {
          case FAIL -> Catalogue.english().word("fix.latency.fail");
          case WARN -> Catalogue.english().word("fix.latency.warn");
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
  private static Text observed(
      LatencyEvidence.Series counted,
      int percentile,
      TimedFigure figure,
      TimedFigure median,
      boolean sharedCpus,
      Status status) {
    KernelRtt kernel = counted.kernel();
    List<Text> parts = new ArrayList<>();
    parts.add(
        Text.of(
            "latency.measured",
            Text.word("lat.level." + counted.level().replace(' ', '_'), counted.level()),
            Text.word("lat.from." + counted.from().replace(' ', '_'), counted.from()),
            counted.to(),
            percentile,
            figure.measured(),
            Text.value(counted.stats().p50()),
            Text.value(counted.stats().max()),
            counted.stats().count(),
            counted.stats().failures()));
    if (figure.distorted()) {
      parts.add(
          Text.of(
              "latency.atLeast",
              figure.undistorted(),
              counted.distortedSamples(),
              counted.stats().count(),
              LatencyStatsCalculator.round(counted.largestHostDelayMs())));
    }
    if (kernel != null) {
      parts.add(Text.of("latency.kernel", kernel.minRttMs()));
    }
    if (sharedCpus && status == Status.WARN) {
      parts.add(Text.of("latency.sharedCpus", median.undistorted()));
    }
    if (counted.host() != null && (status == Status.WARN || figure.distorted())) {
      parts.add(Text.of("sep.semicolon"));
      parts.add(counted.host().text());
    }
    return Text.concat(parts.toArray());
  }
}
