package eu.art32.topology;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A MariaDB GTID position such as {@code 0-1-9061,1-3-17}: for each replication domain, the last
 * transaction as domain-server-sequence. Under gtid_strict_mode a domain's sequence numbers only
 * grow, so a position stands for every sequence number up to it in each domain.
 */
public record MariaDbGtidPosition(Map<Long, Gtid> domains) {
  /** One MariaDB GTID. */
  public record Gtid(long domain, long server, long seq) {
    public static Gtid parse(String text) {
      String[] parts = text.trim().split("-");
      if (parts.length != 3) {
        throw new IllegalArgumentException("not a MariaDB GTID: '" + text.trim() + "'");
      }
      try {
        return new Gtid(
            Long.parseUnsignedLong(parts[0]),
            Long.parseUnsignedLong(parts[1]),
            Long.parseUnsignedLong(parts[2]));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a MariaDB GTID: '" + text.trim() + "'");
      }
    }

    @Override
    public String toString() {
      return domain + "-" + server + "-" + seq;
    }
  }

  /** Sequence numbers {@code (after, upTo]} of one domain that one side has and the other not. */
  public record Range(long domain, long after, long upTo) {
    public long count() {
      return upTo - after;
    }

    public boolean contains(Gtid gtid) {
      return gtid.domain() == domain && gtid.seq() > after && gtid.seq() <= upTo;
    }

    @Override
    public String toString() {
      return after + 1 == upTo
          ? "domain " + domain + " seq " + upTo
          : "domain " + domain + " seq " + (after + 1) + "-" + upTo;
    }
  }

  public static final MariaDbGtidPosition EMPTY = new MariaDbGtidPosition(Map.of());

  public MariaDbGtidPosition {
    domains = Collections.unmodifiableMap(new TreeMap<>(domains));
  }

  /** Parses {@code @@gtid_binlog_pos}, {@code @@gtid_slave_pos} and the like. */
  public static MariaDbGtidPosition parse(String text) {
    Map<Long, Gtid> domains = new TreeMap<>();
    if (text == null || text.isBlank()) {
      return EMPTY;
    }
    for (String part : text.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      Gtid gtid = Gtid.parse(part);
      Gtid earlier = domains.put(gtid.domain(), gtid);
      if (earlier != null) {
        throw new IllegalArgumentException(
            "domain " + gtid.domain() + " appears twice in '" + text.trim() + "'");
      }
    }
    return new MariaDbGtidPosition(domains);
  }

  /**
   * What this position holds beyond {@code other}: per domain, the sequence numbers after the
   * other's. Equal sequence numbers from different servers (0-1-9061 against 0-2-9061) are two
   * different transactions: the whole range after the last common point is returned, which the
   * caller gives as {@code commonPoint}.
   */
  public List<Range> beyond(MariaDbGtidPosition commonPoint) {
    List<Range> ranges = new ArrayList<>();
    domains.forEach(
        (domain, mine) -> {
          Gtid theirs = commonPoint.domains.get(domain);
          long after = theirs == null ? 0 : theirs.seq();
          if (mine.seq() > after) {
            ranges.add(new Range(domain, after, mine.seq()));
          }
        });
    return ranges;
  }

  public boolean isEmpty() {
    return domains.isEmpty();
  }

  @Override
  public String toString() {
    return String.join(",", domains.values().stream().map(Gtid::toString).toList());
  }
}
