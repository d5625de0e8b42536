package eu.art32.drill;

import eu.art32.evidence.Catalogue;
import eu.art32.evidence.DrillEvidence;
import eu.art32.evidence.Text;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The drill's events on one monotonic clock. Times are kept as {@link System#nanoTime()} and as
 * wall time; the evidence gives each event its offset from the fault.
 */
final class Timeline {
  /** {@code text}: the detail's words for other languages, null when the detail is verbatim. */
  private record Event(String name, String detail, Text text, long nanos, Instant wall) {}

  private final Clock clock;
  private final List<Event> events = new ArrayList<>();
  private long faultNanos = Long.MIN_VALUE;

  Timeline(Clock clock) {
    this.clock = clock;
  }

  /** An event whose detail is verbatim (a step's name, an error a server gave). */
  synchronized long mark(String name, String detail) {
    long now = System.nanoTime();
    events.add(new Event(name, detail, null, now, clock.instant()));
    return now;
  }

  /** An event whose detail is art32's own words. */
  synchronized long mark(String name, Text detail) {
    long now = System.nanoTime();
    events.add(new Event(name, Catalogue.english().say(detail), detail, now, clock.instant()));
    return now;
  }

  synchronized void markAt(String name, String detail, long nanos, Instant wall) {
    events.add(new Event(name, detail, null, nanos, wall));
  }

  synchronized void markAt(String name, Text detail, long nanos, Instant wall) {
    events.add(new Event(name, Catalogue.english().say(detail), detail, nanos, wall));
  }

  /** The wall-clock time of a monotonic moment a little in the past. */
  synchronized Instant wallAt(long nanos) {
    return clock.instant().minusNanos(System.nanoTime() - nanos);
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
    sorted.sort(Comparator.comparingLong(Event::nanos));
    return sorted.stream()
        .map(
            e ->
                new DrillEvidence.Event(
                    e.name(),
                    e.detail(),
                    e.text(),
                    e.wall(),
                    faulted() ? Millis.round(sinceFault(e.nanos())) : null))
        .toList();
  }
}
