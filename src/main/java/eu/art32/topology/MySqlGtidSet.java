package eu.art32.topology;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A MySQL GTID set such as {@code 3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7,4f...:1-3}: per source
 * UUID, a sorted list of disjoint closed intervals of transaction numbers.
 */
public record MySqlGtidSet(Map<String, List<Interval>> intervals) {
  /** A closed range of transaction numbers, {@code from <= to}. */
  public record Interval(long from, long to) {
    public Interval {
      if (from < 1 || to < from) {
        throw new IllegalArgumentException("bad GTID interval " + from + "-" + to);
      }
    }

    long size() {
      return to - from + 1;
    }
  }

  public static final MySqlGtidSet EMPTY = new MySqlGtidSet(Map.of());

  public MySqlGtidSet {
    TreeMap<String, List<Interval>> copy = new TreeMap<>();
    intervals.forEach(
        (uuid, list) -> {
          List<Interval> normal = normalise(list);
          if (!normal.isEmpty()) {
            copy.put(uuid.toLowerCase(Locale.ROOT), normal);
          }
        });
    intervals = Collections.unmodifiableMap(copy);
  }

  /** Parses the text of {@code @@gtid_executed}; whitespace and newlines are ignored. */
  public static MySqlGtidSet parse(String text) {
    String compact = text == null ? "" : text.replaceAll("\\s", "");
    Map<String, List<Interval>> result = new TreeMap<>();
    if (compact.isEmpty()) {
      return EMPTY;
    }
    for (String part : compact.split(",")) {
      String[] pieces = part.split(":");
      String uuid = pieces[0];
      if (!uuid.matches(
              "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
          || pieces.length < 2) {
        throw new IllegalArgumentException("not a MySQL GTID set: '" + part + "'");
      }
      List<Interval> list =
          result.computeIfAbsent(uuid.toLowerCase(Locale.ROOT), k -> new ArrayList<>());
      for (int i = 1; i < pieces.length; i++) {
        String[] bounds = pieces[i].split("-", -1);
        try {
          long from = Long.parseLong(bounds[0]);
          long to = bounds.length == 2 ? Long.parseLong(bounds[1]) : from;
          if (bounds.length > 2) {
            throw new NumberFormatException();
          }
          list.add(new Interval(from, to));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "not a MySQL GTID interval: '" + pieces[i] + "' in '" + part + "'");
        }
      }
    }
    return new MySqlGtidSet(result);
  }

  /** The transactions in this set and not in {@code other}. */
  public MySqlGtidSet minus(MySqlGtidSet other) {
    Map<String, List<Interval>> result = new TreeMap<>();
    intervals.forEach(
        (uuid, mine) -> {
          List<Interval> remaining = new ArrayList<>(mine);
          for (Interval cut : other.intervals.getOrDefault(uuid, List.of())) {
            List<Interval> next = new ArrayList<>();
            for (Interval r : remaining) {
              if (cut.to < r.from || cut.from > r.to) {
                next.add(r);
                continue;
              }
              if (r.from < cut.from) {
                next.add(new Interval(r.from, cut.from - 1));
              }
              if (r.to > cut.to) {
                next.add(new Interval(cut.to + 1, r.to));
              }
            }
            remaining = next;
          }
          result.put(uuid, remaining);
        });
    return new MySqlGtidSet(result);
  }

  public MySqlGtidSet union(MySqlGtidSet other) {
    Map<String, List<Interval>> result = new TreeMap<>();
    intervals.forEach((uuid, list) -> result.put(uuid, new ArrayList<>(list)));
    other.intervals.forEach(
        (uuid, list) -> result.computeIfAbsent(uuid, k -> new ArrayList<>()).addAll(list));
    return new MySqlGtidSet(result);
  }

  /** Whether every transaction of this set is in {@code other} (MySQL's GTID_SUBSET). */
  public boolean subsetOf(MySqlGtidSet other) {
    return minus(other).isEmpty();
  }

  public boolean contains(String uuid, long transaction) {
    return intervals.getOrDefault(uuid.toLowerCase(Locale.ROOT), List.of()).stream()
        .anyMatch(i -> i.from <= transaction && transaction <= i.to);
  }

  public boolean isEmpty() {
    return intervals.isEmpty();
  }

  /** How many transactions the set holds. */
  public long count() {
    return intervals.values().stream().flatMap(List::stream).mapToLong(Interval::size).sum();
  }

  /** The canonical text, as MySQL prints it: UUIDs sorted, intervals merged. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    intervals.forEach(
        (uuid, list) -> {
          StringBuilder part = new StringBuilder(uuid);
          for (Interval i : list) {
            part.append(':').append(i.from);
            if (i.to != i.from) {
              part.append('-').append(i.to);
            }
          }
          parts.add(part.toString());
        });
    return String.join(",", parts);
  }

  private static List<Interval> normalise(List<Interval> list) {
    List<Interval> sorted = new ArrayList<>(list);
    sorted.sort(Comparator.comparingLong(Interval::from));
    List<Interval> merged = new ArrayList<>();
    for (Interval i : sorted) {
      Interval last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && i.from <= last.to + 1) {
        merged.set(merged.size() - 1, new Interval(last.from, Math.max(last.to, i.to)));
      } else {
        merged.add(i);
      }
    }
    return List.copyOf(merged);
  }
}
