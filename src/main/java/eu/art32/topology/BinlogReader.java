package eu.art32.topology;

import eu.art32.EnvironmentException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds given transactions in a node's binary logs with SHOW BINLOG EVENTS and lists what each one
 * wrote: the tables of its row events, and any statement other than BEGIN/COMMIT (DDL). Reads the
 * newest log first and stops once every wanted transaction was found.
 */
public final class BinlogReader {
  /**
   * A transaction as read from the log: where it starts (file, position of its GTID event), the
   * tables its row events wrote, and its non-row statements.
   */
  public record Found(
      String gtid, String file, long position, Set<String> tables, List<String> statements) {
    /** Tables, then statements as {@code statement: ...}: what the transaction wrote. */
    public List<String> writes() {
      List<String> all = new ArrayList<>(tables);
      statements.forEach(s -> all.add("statement: " + s));
      return all;
    }

    /** Whether the transaction wrote rows only in {@code schema}. */
    public boolean onlyIn(String schema) {
      return statements.isEmpty()
          && !tables.isEmpty()
          && tables.stream().allMatch(t -> t.startsWith(schema + "."));
    }
  }

  private BinlogReader() {}

  /**
   * Reads {@code label}'s binary logs over {@code connection} (closed afterwards) for the wanted
   * transactions.
   */
  public static List<Found> find(
      String label, Connection connection, Dialect dialect, Transactions wanted) {
    if (wanted.isEmpty()) {
      return List.of();
    }
    Map<String, Found> found = new LinkedHashMap<>();
    try (Connection c = connection;
        Statement s = c.createStatement()) {
      List<String> files = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SHOW BINARY LOGS")) {
        while (rs.next()) {
          files.add(rs.getString(1));
        }
      }
      for (int i = files.size() - 1; i >= 0 && found.size() < wanted.count(); i--) {
        read(dialect, s, files.get(i), wanted, found);
      }
    } catch (SQLException e) {
      throw new EnvironmentException(label + ": cannot read its binary logs: " + e.getMessage(), e);
    }
    return List.copyOf(found.values());
  }

  private static void read(
      Dialect dialect, Statement s, String file, Transactions wanted, Map<String, Found> found)
      throws SQLException {
    Found current = null;
    try (ResultSet rs = s.executeQuery("SHOW BINLOG EVENTS IN '" + file.replace("'", "''") + "'")) {
      while (rs.next()) {
        String type = rs.getString("Event_type");
        String info = rs.getString("Info");
        String gtid = dialect.gtidOfEvent(type, info);
        if (gtid != null) {
          current =
              wanted.contains(gtid)
                  ? new Found(
                      gtid, file, rs.getLong("Pos"), new LinkedHashSet<>(), new ArrayList<>())
                  : null;
          if (current != null) {
            found.put(gtid, current);
          }
          continue;
        }
        if (current == null || info == null) {
          continue;
        }
        if (type.equalsIgnoreCase("Table_map")) {
          int open = info.lastIndexOf('(');
          int close = info.lastIndexOf(')');
          if (open >= 0 && close > open) {
            current.tables().add(info.substring(open + 1, close));
          }
        } else if (type.equalsIgnoreCase("Query")) {
          String statement = info.trim();
          String upper = statement.toUpperCase(Locale.ROOT);
          if (!upper.equals("BEGIN") && !upper.startsWith("COMMIT") && !upper.startsWith("XA ")) {
            current
                .statements()
                .add(statement.length() > 120 ? statement.substring(0, 117) + "..." : statement);
          }
        }
      }
    }
  }
}
