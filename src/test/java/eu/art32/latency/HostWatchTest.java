package eu.art32.latency;

import static org.assertj.core.api.Assertions.assertThat;

import eu.art32.evidence.HostNoise;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostWatchTest {
  private static final long MS = 1_000_000;

  @Test
  void lateTimeWithinASampleIsTheUnionOfEveryWatchersLateIntervals() {
    // watcher 0 late over [10, 14] ms and [30, 31] ms; watcher 1 over [12, 16] ms; an on-time
    // wake-up (0.1 ms late) is not recorded
    HostWatch watch =
        HostWatch.replay(
            List.of(
                List.of(
                    new long[] {10 * MS, 14 * MS},
                    new long[] {20 * MS, 20 * MS + MS / 10},
                    new long[] {30 * MS, 31 * MS}),
                List.of(new long[] {12 * MS, 16 * MS})));

    assertThat(watch.lateNanosWithin(0, 9 * MS)).as("before any").isZero();
    assertThat(watch.lateNanosWithin(0, 100 * MS)).as("[10,16] and [30,31]").isEqualTo(7 * MS);
    assertThat(watch.lateNanosWithin(11 * MS, 13 * MS)).as("inside one").isEqualTo(2 * MS);
    assertThat(watch.lateNanosWithin(15 * MS, 30 * MS + MS / 2))
        .as("the end of one and the start of another")
        .isEqualTo(MS + MS / 2);
    assertThat(watch.lateNanosWithin(17 * MS, 29 * MS)).as("between them").isZero();

    HostNoise noise = watch.noise();
    assertThat(noise.watchers()).isEqualTo(2);
    assertThat(noise.ticks()).isEqualTo(4);
    assertThat(noise.lateTicks()).isEqualTo(3);
    assertThat(noise.lateMaxMs()).isEqualTo(4.0);
    assertThat(noise.busy()).as("3 of 4 wake-ups late").isTrue();
  }

  @Test
  void aRunningWatchCountsItsWakeUpsAndTheThreadsOwnWaitIsReadFromTheKernel() throws Exception {
    HostNoise noise;
    try (HostWatch watch = HostWatch.start()) {
      Thread.sleep(50);
      noise = watch.noise();
    }
    assertThat(noise.watchers()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(noise.ticks()).as("each watcher woke at least once in 50 ms").isPositive();
    assertThat(noise.lateTicks()).isBetween(0L, noise.ticks());
    assertThat(HostWatch.ownRunDelayNanos())
        .as("Linux schedstat of this thread")
        .isGreaterThanOrEqualTo(0);
  }
}
