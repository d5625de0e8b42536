package eu.art32.semisync;

import static org.assertj.core.api.Assertions.assertThat;

import eu.art32.evidence.Finding;
import eu.art32.evidence.SemiSyncEvidence;
import eu.art32.evidence.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SemiSyncFindingsTest {
  private static final SemiSyncFindings JUDGE = new SemiSyncFindings(List.of());
  private static final Duration RTO = Duration.ofMinutes(5);

  @Test
  void anAsynchronousPairPassesUnlessItsRpoIsZero() {
    SemiSyncEvidence async = new SemiSyncEvidence(node(false, false, 0L), node(false, false, 0L));

    assertThat(statuses(JUDGE.judge(Duration.ofSeconds(1), RTO, async)))
        .containsExactly(Map.entry("SEMISYNC-ENABLED", Status.PASS));
    List<Finding> zero = JUDGE.judge(Duration.ZERO, RTO, async);
    assertThat(statuses(zero)).containsExactly(Map.entry("SEMISYNC-ENABLED", Status.FAIL));
    assertThat(zero.get(0).observed()).contains("RPO 0 needs every acknowledged commit");
  }

  @Test
  void aHealthyLosslessPairPassesEveryFinding() {
    SemiSyncEvidence healthy = new SemiSyncEvidence(node(true, true, 0L), node(true, true, 0L));

    assertThat(statuses(JUDGE.judge(Duration.ZERO, RTO, healthy)))
        .containsOnly(
            Map.entry("SEMISYNC-ENABLED", Status.PASS),
            Map.entry("SEMISYNC-LOSSLESS", Status.PASS),
            Map.entry("SEMISYNC-STATUS", Status.PASS),
            Map.entry("SEMISYNC-FALLBACK", Status.PASS));
  }

  @Test
  void oneDirectionOnlyWarnsThatAFailoverLeavesItAsynchronous() {
    SemiSyncEvidence forward = new SemiSyncEvidence(node(true, false, 0L), node(false, true, 0L));

    Finding enabled = JUDGE.judge(Duration.ZERO, RTO, forward).get(0);
    assertThat(enabled.status()).isEqualTo(Status.WARN);
    assertThat(enabled.observed()).contains("after a failover the pair runs asynchronously");
  }

  @Test
  void aFallbackWarnsAndFailsWhereTheRpoIsZeroOrTheTimeoutExceedsTheRto() {
    SemiSyncEvidence fellBack = new SemiSyncEvidence(node(true, true, 2L), node(true, true, 0L));

    assertThat(statuses(JUDGE.judge(Duration.ofSeconds(1), RTO, fellBack)))
        .containsEntry("SEMISYNC-FALLBACK", Status.WARN);
    List<Finding> zero = JUDGE.judge(Duration.ZERO, RTO, fellBack);
    assertThat(statuses(zero)).containsEntry("SEMISYNC-FALLBACK", Status.FAIL);
    assertThat(zero.get(3).observed())
        .contains("2 fallback(s) to asynchronous and 5 commit(s) acknowledged without a replica");
    assertThat(statuses(JUDGE.judge(Duration.ofSeconds(1), Duration.ofSeconds(5), fellBack)))
        .as("a 10 s timeout is longer than a 5 s RTO")
        .containsEntry("SEMISYNC-FALLBACK", Status.FAIL);
  }

  @Test
  void afterCommitOrOffNowFallShortOfLossless() {
    SemiSyncEvidence.Node p = node(true, true, 0L);
    SemiSyncEvidence.Node afterCommit =
        new SemiSyncEvidence.Node(
            "primary",
            "master/slave",
            null,
            true,
            true,
            "AFTER_COMMIT",
            10_000L,
            null,
            false,
            0L,
            0L,
            0L,
            0L,
            null,
            null,
            60L);
    Map<String, Status> judged =
        statuses(JUDGE.judge(Duration.ofSeconds(1), RTO, new SemiSyncEvidence(afterCommit, p)));
    assertThat(judged)
        .containsEntry("SEMISYNC-LOSSLESS", Status.WARN)
        .containsEntry("SEMISYNC-STATUS", Status.WARN);
    assertThat(
            statuses(JUDGE.judge(Duration.ZERO, RTO, new SemiSyncEvidence(afterCommit, p)))
                .get("SEMISYNC-LOSSLESS"))
        .isEqualTo(Status.FAIL);
  }

  private static SemiSyncEvidence.Node node(boolean source, boolean replica, Long noTimes) {
    return new SemiSyncEvidence.Node(
        "primary",
        "master/slave",
        null,
        source,
        replica,
        "AFTER_SYNC",
        10_000L,
        null,
        source,
        1L,
        40L,
        noTimes * 5 / 2,
        noTimes,
        300L,
        replica,
        3600L);
  }

  private static Map<String, Status> statuses(List<Finding> findings) {
    Map<String, Status> map = new TreeMap<>();
    findings.forEach(f -> map.put(f.id(), f.status()));
    return map;
  }
}
