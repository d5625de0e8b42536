package eu.art32.drill;

import eu.art32.evidence.DrillEvidence;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The drill's events on one monotonic clock. Times are kept as {@link System#nanoTime()} and as
 * wall time; the evidence gives each event its offset from the fault.
 */
final class Timeline {
  private record Event(String name, String detail, long nanos, Instant wall) {}

  private final Clock clock;
  private final List<Event> events = new ArrayList<>();
  private long faultNanos = Long.MIN_VALUE;

  Timeline(Clock clock) {
    this.clock = clock;
  }

  synchronized long mark(String name, String detail) {
    long now = System.nanoTime();
    events.add(new Event(name, detail, now, clock.instant()));
    return now;
  }

  synchronized void markAt(String name, String detail, long nanos, Instant wall) {
    events.add(new Event(name, detail, nanos, wall));
  }

  synchronized void faultAt(long nanos) {
    faultNanos = nanos;
  }

  synchronized boolean faulted() {
    return faultNanos != Long.MIN_VALUE;
  }

  synchronized long faultNanos() {
    return faultNanos;
  }

  /** Milliseconds (with microsecond precision) from the fault to {@code nanos}. */
  synchronized double sinceFault(long nanos) {
    return faultNanos == Long.MIN_VALUE ? Double.NaN : (nanos - faultNanos) / 1_000_000.0;
  }

  synchronized List<DrillEvidence.Event> events() {
    List<Event> sorted = new ArrayList<>(events);
    sorted.sort(java.util.Comparator.comparingLong(Event::nanos));
    return sorted.stream()
        .map(
            e ->
                new DrillEvidence.Event(
                    e.name(),
                    e.detail(),
                    e.wall(),
                    faulted() ? Millis.round(sinceFault(e.nanos())) : null))
        .toList();
  }
}
