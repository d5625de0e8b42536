package eu.art32.latency;

import static org.assertj.core.api.Assertions.assertThat;

import eu.art32.evidence.LatencyEvidence;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyStatsTest {
  @Test
  void nearestRankPercentilesJitterAndFailures() {
    List<Double> samples = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      samples.add((double) i);
    }
    LatencyEvidence.Stats stats = LatencyStatsCalculator.of(samples, 3);

    assertThat(stats.count()).isEqualTo(100);
    assertThat(stats.failures()).isEqualTo(3);
    assertThat(stats.min()).isEqualTo(1.0);
    assertThat(stats.p50()).isEqualTo(50.0);
    assertThat(stats.p95()).isEqualTo(95.0);
    assertThat(stats.p99()).isEqualTo(99.0);
    assertThat(stats.max()).isEqualTo(100.0);
    assertThat(stats.jitter()).as("consecutive samples differ by 1").isEqualTo(1.0);
    assertThat(LatencyStatsCalculator.percentile(samples, 90)).isEqualTo(90.0);
    assertThat(LatencyStatsCalculator.percentile(List.of(3.0, 1.0, 2.0), 95)).isEqualTo(3.0);
  }

  @Test
  void noSamplesMeansNoNumbers() {
    LatencyEvidence.Stats stats = LatencyStatsCalculator.of(List.of(), 50);

    assertThat(stats.count()).isZero();
    assertThat(stats.p95()).isNull();
    assertThat(stats.failures()).isEqualTo(50);
  }
}
