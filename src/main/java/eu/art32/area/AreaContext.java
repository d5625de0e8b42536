package eu.art32.area;

import eu.art32.config.PairConfig;
import eu.art32.evidence.DrillEvidence;
import eu.art32.topology.NodeSnapshot;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What an area check of one pair's audit is given: the pair's config, its two nodes as read at the
 * start (null, with {@link #readError()}, when they could not be read), this run's drill of the
 * pair (or null), the run's slots, and a place for what a check carries through the pair's audit
 * (what {@link AreaCheck#start} began, a figure a later area reads).
 */
public final class AreaContext {
  /** A value kept in the context, named for messages; one instance per kind of value. */
  public record Key<T>(String name) {}

  private final PairConfig pair;
  private final NodeSnapshot primary;
  private final NodeSnapshot replica;
  private final String readError;
  private final DrillEvidence drill;
  private final Slots slots;
  private final Map<Key<?>, Object> kept = new ConcurrentHashMap<>();

  public AreaContext(
      PairConfig pair,
      NodeSnapshot primary,
      NodeSnapshot replica,
      String readError,
      DrillEvidence drill,
      Slots slots) {
    this.pair = Objects.requireNonNull(pair, "pair");
    if ((primary == null || replica == null) && readError == null) {
      throw new IllegalArgumentException("unread nodes need the reason");
    }
    this.primary = readError == null ? primary : null;
    this.replica = readError == null ? replica : null;
    this.readError = readError;
    this.drill = drill;
    this.slots = Objects.requireNonNull(slots, "slots");
  }

  public PairConfig pair() {
    return pair;
  }

  /** The primary as read at the start of the pair's audit, or null when the pair was not read. */
  public NodeSnapshot primary() {
    return primary;
  }

  public NodeSnapshot replica() {
    return replica;
  }

  /** Why the nodes could not be read, or null. */
  public String readError() {
    return readError;
  }

  /** The drill of this pair in this run, or null. */
  public DrillEvidence drill() {
    return drill;
  }

  /** Runs {@code work} holding one of the run's work slots (for a check of stage AFTER). */
  public <T> T withSlot(Supplier<T> work) {
    slots.acquire();
    try {
      return work.get();
    } finally {
      slots.release();
    }
  }

  /** Runs {@code work} while no other pair of the run works on {@code resource}. */
  public <T> T exclusive(String resource, Supplier<T> work) {
    return slots.exclusive(resource, work);
  }

  /**
   * The result of work a check began in {@link AreaCheck#start}, waited for; its failure thrown as
   * the exception it was, so the auditor judges it as it would a failure of {@code run}.
   */
  public static <T> T join(CompletableFuture<T> work) {
    try {
      return work.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  public <T> void put(Key<T> key, T value) {
    kept.put(key, Objects.requireNonNull(value, key.name()));
  }

  /** The value kept under {@code key}, or null. */
  @SuppressWarnings("unchecked")
  public <T> T get(Key<T> key) {
    return (T) kept.get(key);
  }
}
