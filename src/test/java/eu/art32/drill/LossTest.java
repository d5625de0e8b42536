package eu.art32.drill;

import static org.assertj.core.api.Assertions.assertThat;

import eu.art32.evidence.DrillEvidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class LossTest {
  /** Acks of seq 1..n, one per millisecond, on the primary. */
  private static List<CanaryLoad.Ack> acks(int n) {
    List<CanaryLoad.Ack> acks = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      acks.add(new CanaryLoad.Ack(i, i * 1_000_000L, 0, false));
    }
    return acks;
  }

  private static Set<Long> upTo(long last) {
    Set<Long> seqs = new TreeSet<>();
    for (long i = 1; i <= last; i++) {
      seqs.add(i);
    }
    return seqs;
  }

  @Test
  void theWindowsLowerBoundRunsFromTheLastCommitsSendToTheNewestKeptAcknowledgement() {
    List<CanaryLoad.Ack> acks = new ArrayList<>();
    acks.add(new CanaryLoad.Ack(1, 0, 1_000_000L, 0, false));
    acks.add(new CanaryLoad.Ack(2, 1_000_000L, 2_000_000L, 0, false));
    // the last acknowledgement was seen 900 ms late: the canary thread waited for a CPU
    acks.add(new CanaryLoad.Ack(3, 2_000_000L, 902_000_000L, 0, false));

    DrillEvidence.Rpo rpo = Loss.measure(acks, upTo(2));

    assertThat(rpo.lost()).isEqualTo(1);
    assertThat(rpo.lossWindowMs()).isEqualTo(900.0);
    assertThat(rpo.lossWindowUndistortedMs()).isEqualTo(0.0);
    assertThat(rpo.window().against(500, true))
        .as("over 500 ms as measured, within it at least: unconfirmed")
        .isEqualTo(eu.art32.evidence.Status.WARN);
  }

  @Test
  void nothingLostMeansAZeroWindow() {
    DrillEvidence.Rpo rpo = Loss.measure(acks(100), upTo(100));

    assertThat(rpo.lost()).isZero();
    assertThat(rpo.lossWindowMs()).isZero();
    assertThat(rpo.gapFree()).isTrue();
    assertThat(rpo.within(0)).isTrue();
  }

  @Test
  void theTailLostGivesCountRangeAndWindow() {
    Set<Long> present = upTo(95);
    present.add(101L);
    DrillEvidence.Rpo rpo = Loss.measure(acks(100), present);

    assertThat(rpo.lost()).isEqualTo(5);
    assertThat(rpo.lostRanges()).containsExactly("96-100");
    assertThat(rpo.lossWindowMs()).as("ack of 100 minus ack of 95").isEqualTo(5.0);
    assertThat(rpo.unacknowledgedPresent())
        .as("seq 101 committed, never acknowledged")
        .isEqualTo(1);
    assertThat(rpo.gapFree()).isTrue();
    assertThat(rpo.within(4)).isFalse();
    assertThat(rpo.within(5)).isTrue();
  }

  @Test
  void aHoleBeforeTheNewestSurvivorIsReported() {
    Set<Long> present = upTo(100);
    present.remove(40L);
    present.remove(41L);
    DrillEvidence.Rpo rpo = Loss.measure(acks(100), present);

    assertThat(rpo.lost()).isEqualTo(2);
    assertThat(rpo.gapFree()).isFalse();
    assertThat(rpo.holes()).containsExactly("40-41");
    assertThat(rpo.lossWindowMs())
        .as("the newest commit survived, yet 40-41 are gone")
        .isEqualTo(0.0);
  }

  /**
   * Two connections: seq 2's acknowledgement was seen at 5 ms, after seq 3 was sent (4 ms) and
   * before seq 3's was seen (6 ms). Seq 3 survived, seq 2 did not: seq 2 may have committed after
   * seq 3, so this is no hole, only loss.
   */
  @Test
  void acknowledgementsSeenOutOfCommitOrderAreNoHole() {
    List<CanaryLoad.Ack> acks =
        List.of(
            new CanaryLoad.Ack(1, 0, 1_000_000L, 0, false),
            new CanaryLoad.Ack(2, 3_000_000L, 5_000_000L, 0, false),
            new CanaryLoad.Ack(3, 4_000_000L, 6_000_000L, 0, false));

    DrillEvidence.Rpo rpo = Loss.measure(acks, Set.of(1L, 3L));

    assertThat(rpo.lost()).isEqualTo(1);
    assertThat(rpo.gapFree()).isTrue();
    DrillEvidence.Rpo hole =
        Loss.measure(
            List.of(
                new CanaryLoad.Ack(1, 0, 1_000_000L, 0, false),
                new CanaryLoad.Ack(2, 2_000_000L, 3_000_000L, 0, false),
                new CanaryLoad.Ack(3, 4_000_000L, 6_000_000L, 0, false)),
            Set.of(1L, 3L));
    assertThat(hole.holes())
        .as("seq 2 was acknowledged before seq 3 was sent")
        .containsExactly("2");
  }

  @Test
  void commitsOnThePromotedNodeAreNotPartOfTheLoss() {
    List<CanaryLoad.Ack> acks = acks(10);
    acks.add(new CanaryLoad.Ack(12, 50_000_000L, 0, true));
    DrillEvidence.Rpo rpo = Loss.measure(acks, upTo(10));

    assertThat(rpo.acknowledged()).isEqualTo(10);
    assertThat(rpo.lost()).isZero();
  }

  @Test
  void rangesCompressSortedNumbers() {
    assertThat(Loss.ranges(List.of(1L, 2L, 3L, 7L, 9L, 10L))).containsExactly("1-3", "7", "9-10");
    assertThat(Loss.ranges(List.of())).isEmpty();
  }

  @Test
  void aRestartedServerComesBackFencedWithoutItsInitFile() {
    LocalServer server =
        new LocalServer(
            42,
            List.of(
                "/opt/mariadb/bin/mariadbd",
                "--defaults-file=/srv/n1/my.cnf",
                "--init-file=/srv/init.sql",
                "--read-only=OFF"),
            "/srv/n1",
            "127.0.0.1",
            3306);

    assertThat(
            server.restartCommand(
                eu.art32.topology.Dialect.of("11.4.5-MariaDB").fencedStartOptions()))
        .endsWith("/opt/mariadb/bin/mariadbd", "--defaults-file=/srv/n1/my.cnf", "--read-only=ON")
        .noneMatch(a -> a.startsWith("--init-file"));
    assertThat(server.restartCommand(eu.art32.topology.Dialect.of("8.0.15").fencedStartOptions()))
        .contains("--read-only=ON", "--super-read-only=ON");
  }

  @Test
  void statementsInMessagesNeverCarryPasswords() {
    assertThat(
            DrillNode.abbreviate(
                "CHANGE MASTER TO MASTER_HOST='h', MASTER_PASSWORD='se''cr\\'et', MASTER_USE_GTID=slave_pos"))
        .isEqualTo(
            "CHANGE MASTER TO MASTER_HOST='h', MASTER_PASSWORD='******', MASTER_USE_GTID=slave_pos");
    assertThat(DrillNode.abbreviate("CREATE USER 'c'@'h' IDENTIFIED BY 'Cabc123'"))
        .isEqualTo("CREATE USER 'c'@'h' IDENTIFIED BY '******'");
  }
}
