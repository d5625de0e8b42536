package eu.art32.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NodeSamplesTest {
  @Test
  void aNodeIsSampledOnceAndASecondPairWaitsForThoseSamples() throws Exception {
    NodeSamples shared = new NodeSamples();
    AtomicInteger sampled = new AtomicInteger();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RttSampler.Samples taken =
        new RttSampler.Samples(List.of(0.3, 0.4), List.of(0.0, 0.0), 0, null, null, null);
    CompletableFuture<NodeSamples.Taken> first =
        CompletableFuture.supplyAsync(
            () ->
                shared.get(
                    "tcp node",
                    "pair-a",
                    () -> {
                      sampled.incrementAndGet();
                      started.countDown();
                      await(release);
                      return taken;
                    }));
    started.await();
    CompletableFuture<NodeSamples.Taken> second =
        CompletableFuture.supplyAsync(
            () -> shared.get("tcp node", "pair-b", () -> fail("sampled twice")));
    Thread.sleep(100);
    assertThat(second).as("waits for the samples being taken").isNotDone();
    release.countDown();

    assertThat(first.get().pair()).isEqualTo("pair-a");
    assertThat(second.get().pair()).as("names the pair that took them").isEqualTo("pair-a");
    assertThat(second.get().samples()).isSameAs(taken);
    assertThat(sampled).hasValue(1);
  }

  @Test
  void aSamplerThatThrowsIsNotRememberedSoTheNextPairTriesAgain() {
    NodeSamples shared = new NodeSamples();
    assertThatThrownBy(
            () ->
                shared.get(
                    "sql node",
                    "pair-a",
                    () -> {
                      throw new IllegalStateException("no route");
                    }))
        .hasMessage("no route");

    NodeSamples.Taken again =
        shared.get(
            "sql node",
            "pair-b",
            () -> new RttSampler.Samples(List.of(0.2), List.of(0.0), 0, null, null, null));
    assertThat(again.pair()).isEqualTo("pair-b");
    assertThat(again.samples().ms()).containsExactly(0.2);
  }

  private static RttSampler.Samples fail(String why) {
    throw new AssertionError(why);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
