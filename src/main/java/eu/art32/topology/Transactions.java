package eu.art32.topology;

import java.util.List;

/**
 * Transactions one node has and another has not (errant or lost), in the flavor's own GTID terms:
 * how many, a text an operator can paste, and a test for a GTID read from a binary log.
 */
public interface Transactions {
  long count();

  boolean isEmpty();

  /** The set or ranges as text, e.g. {@code uuid:7-9} or {@code domain 0 seq 9061}. */
  String describe();

  boolean contains(String gtid);

  /** MySQL: the difference of two GTID sets. */
  record MySql(MySqlGtidSet set) implements Transactions {
    @Override
    public long count() {
      return set.count();
    }

    @Override
    public boolean isEmpty() {
      return set.isEmpty();
    }

    @Override
    public String describe() {
      return set.toString();
    }

    @Override
    public boolean contains(String gtid) {
      int colon = gtid.lastIndexOf(':');
      return colon > 0
          && set.contains(gtid.substring(0, colon), Long.parseLong(gtid.substring(colon + 1)));
    }
  }

  /** MariaDB: per domain, the sequence numbers after the last common transaction. */
  record MariaDb(List<MariaDbGtidPosition.Range> ranges) implements Transactions {
    public MariaDb {
      ranges = List.copyOf(ranges);
    }

    @Override
    public long count() {
      return ranges.stream().mapToLong(MariaDbGtidPosition.Range::count).sum();
    }

    @Override
    public boolean isEmpty() {
      return ranges.isEmpty();
    }

    @Override
    public String describe() {
      return String.join(", ", ranges.stream().map(Object::toString).toList());
    }

    @Override
    public boolean contains(String gtid) {
      MariaDbGtidPosition.Gtid parsed = MariaDbGtidPosition.Gtid.parse(gtid);
      return ranges.stream().anyMatch(r -> r.contains(parsed));
    }
  }
}
