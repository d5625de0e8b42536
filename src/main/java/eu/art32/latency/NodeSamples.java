package eu.art32.latency;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Round-trip samples from art32 to a node, taken once per run: pairs that share a node (one DR
 * server replicating several primaries, or one server in several pair definitions) share its
 * series, which names the pair whose audit took it. A second pair asking for a node being sampled
 * waits for those samples instead of taking its own.
 */
public final class NodeSamples {
  /** Samples and the pair they were taken for. */
  public record Taken(RttSampler.Samples samples, String pair) {}

  private final ConcurrentHashMap<String, CompletableFuture<Taken>> taken =
      new ConcurrentHashMap<>();

  /**
   * The samples for {@code key} (level, node address, account and sample counts), taken now by
   * {@code sample} for {@code pair} unless another pair of this run took them already.
   */
  public Taken get(String key, String pair, Supplier<RttSampler.Samples> sample) {
    CompletableFuture<Taken> mine = new CompletableFuture<>();
    CompletableFuture<Taken> existing = taken.putIfAbsent(key, mine);
    if (existing != null) {
      return existing.join();
    }
    try {
      Taken result = new Taken(sample.get(), pair);
      mine.complete(result);
      return result;
    } catch (RuntimeException e) {
      taken.remove(key, mine);
      mine.completeExceptionally(e);
      throw e;
    }
  }
}
