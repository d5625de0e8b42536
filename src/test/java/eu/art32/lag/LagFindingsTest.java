package eu.art32.lag;

import static org.assertj.core.api.Assertions.assertThat;

import eu.art32.evidence.Catalogue;
import eu.art32.evidence.Finding;
import eu.art32.evidence.LagEvidence;
import eu.art32.evidence.LatencyEvidence;
import eu.art32.evidence.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class LagFindingsTest {
  private static final LagFindings JUDGE = new LagFindings(List.of());

  private static LatencyEvidence.Stats stats(double p99, double max) {
    return new LatencyEvidence.Stats(100, 0, 1.0, 2.0, p99, p99, max, 3.0, 0.5);
  }

  private static LagEvidence lag(
      double p99, double undistortedP99, Long serverSeconds, int serverSamples) {
    return new LagEvidence(
        "art32.heartbeat",
        100,
        10_000,
        1.0,
        100,
        0,
        0,
        stats(p99, p99),
        new LagEvidence.ServerFigure("Seconds_Behind_Master", serverSeconds, serverSamples, 0),
        stats(undistortedP99, undistortedP99),
        0,
        null);
  }

  private static Finding find(List<Finding> findings, String id) {
    return findings.stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void withinTheObjectivePassesAndAboveItEvenUndistortedFails() {
    assertThat(find(JUDGE.judge(1000, lag(40, 40, 0L, 10), null), "LAG-HEARTBEAT").status())
        .isEqualTo(Status.PASS);
    Finding failed = find(JUDGE.judge(1000, lag(2500, 2400, 2L, 10), null), "LAG-HEARTBEAT");
    assertThat(failed.status()).isEqualTo(Status.FAIL);
    assertThat(Catalogue.english().say(failed.observedText())).contains("p99 2500");
  }

  @Test
  void aFigureOnlyTheBusyHostPushedAboveTheObjectiveIsUnconfirmed() {
    Finding unconfirmed = find(JUDGE.judge(1000, lag(2500, 300, 2L, 10), null), "LAG-HEARTBEAT");
    assertThat(unconfirmed.status()).isEqualTo(Status.WARN);
    assertThat(Catalogue.english().say(unconfirmed.observedText())).startsWith("unconfirmed");
  }

  @Test
  void noHeartbeatIsNotAssessedWithTheReason() {
    List<Finding> findings = JUDGE.judge(1000, null, "heartbeat.enabled is false for this pair");
    assertThat(findings).singleElement().extracting(Finding::status).isEqualTo(Status.NOT_ASSESSED);
    assertThat(Catalogue.english().say(findings.get(0).observedText()))
        .contains("heartbeat.enabled is false");
  }

  @Test
  void aServerFigureOfZeroWhileTheHeartbeatSawSecondsDisagrees() {
    assertThat(
            find(JUDGE.judge(10_000, lag(3000, 3000, 0L, 10), null), "LAG-SERVER-FIGURE").status())
        .isEqualTo(Status.WARN);
    assertThat(
            find(JUDGE.judge(10_000, lag(3000, 3000, 3L, 10), null), "LAG-SERVER-FIGURE").status())
        .isEqualTo(Status.PASS);
    assertThat(find(JUDGE.judge(10_000, lag(40, 40, null, 0), null), "LAG-SERVER-FIGURE").status())
        .isEqualTo(Status.NOT_ASSESSED);
  }
}
