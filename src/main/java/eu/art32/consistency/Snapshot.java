package eu.art32.consistency;

import eu.art32.topology.Dialect;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * One node's read-only consistent snapshot: a REPEATABLE READ transaction started WITH CONSISTENT
 * SNAPSHOT, the GTID position it stands at, and the chunk queries run inside it, paced to at most
 * {@code maxQps} queries a second. The session waits at most the lock-wait timeout for any lock;
 * nothing in it writes.
 */
final class Snapshot implements AutoCloseable {
  private final Connection connection;
  private final Dialect dialect;
  private final long minGapNanos;
  private long lastQuery;
  private String position;

  Snapshot(Connection connection, Dialect dialect, int maxQps) {
    this.connection = connection;
    this.dialect = dialect;
    this.minGapNanos = maxQps <= 0 ? 0 : 1_000_000_000L / maxQps;
  }

  /** Waits (bounded) until the node has applied {@code gtids}; false on timeout. */
  boolean await(String gtids, Duration timeout) throws SQLException {
    try (PreparedStatement wait = connection.prepareStatement(dialect.waitForGtidsSql())) {
      wait.setString(1, gtids);
      wait.setLong(2, Math.max(1, timeout.toSeconds()));
      try (ResultSet rs = wait.executeQuery()) {
        return rs.next() && rs.getInt(1) == 0;
      }
    }
  }

  /**
   * Starts the snapshot and learns its position: on MariaDB exactly, from the binary-log
   * coordinates the server keeps for a consistent snapshot; otherwise from the executed GTIDs read
   * before and after the snapshot began, retried until the two agree.
   */
  void open(Duration lockWait) throws SQLException {
    try (Statement s = connection.createStatement()) {
      long seconds = Math.max(1, lockWait.toSeconds());
      s.execute("SET SESSION lock_wait_timeout = " + seconds);
      s.execute("SET SESSION innodb_lock_wait_timeout = " + seconds);
      s.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
      // TIMESTAMP values are printed in the session's zone: one fixed zone on both nodes, so two
      // servers in different zones agree and no instant shares its text with another (a zone
      // with summer time prints two instants of the autumn hour alike)
      s.execute("SET SESSION time_zone = '+00:00'");
      for (int attempt = 0; attempt < 50; attempt++) {
        String before = single(s, dialect.executedGtidsSql());
        s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
        String exact = binlogSnapshotPosition(s);
        if (exact != null) {
          position = exact;
          return;
        }
        String after = single(s, dialect.executedGtidsSql());
        if (dialect.samePosition(before, after) && dialect.samePosition(after, before)) {
          position = after;
          return;
        }
        s.execute("ROLLBACK");
      }
      s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
      position = null;
    }
  }

  private String binlogSnapshotPosition(Statement s) throws SQLException {
    String sql = dialect.snapshotGtidSql();
    if (sql == null) {
      return null;
    }
    String file = null;
    long offset = -1;
    try (ResultSet rs = s.executeQuery("SHOW SESSION STATUS LIKE 'binlog_snapshot_%'")) {
      while (rs.next()) {
        String name = rs.getString(1).toLowerCase(Locale.ROOT);
        if (name.equals("binlog_snapshot_file")) {
          file = rs.getString(2);
        } else if (name.equals("binlog_snapshot_position")) {
          offset = Long.parseLong(rs.getString(2));
        }
      }
    }
    if (file == null || file.isBlank() || offset < 0) {
      return null;
    }
    try (PreparedStatement p = connection.prepareStatement(sql)) {
      p.setString(1, file);
      p.setLong(2, offset);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** The snapshot's GTID position, or null when it could not be pinned down. */
  String position() {
    return position;
  }

  /** COUNT(*) and the hash sum of one chunk. */
  ChunkSum checksum(TableDef table, TableDef.Chunk chunk) throws SQLException {
    try (ResultSet rs = query(table.checksumSql(dialect, chunk), table.parameters(chunk))) {
      rs.next();
      return new ChunkSum(rs.getLong(1), rs.getString(2));
    }
  }

  /** The key {@code rows} rows past the chunk's lower end, or null when fewer rows remain. */
  List<Object> boundary(TableDef table, List<Object> lower, int rows) throws SQLException {
    TableDef.Chunk from = new TableDef.Chunk(-1, lower, null);
    try (ResultSet rs = query(table.boundarySql(from, rows), table.parameters(from))) {
      if (!rs.next()) {
        return null;
      }
      List<Object> key = new ArrayList<>();
      for (int i = 1; i <= table.keys().size(); i++) {
        key.add(keyValue(rs, i, table.keys().get(i - 1)));
      }
      return key;
    }
  }

  /** Every row of a chunk as key -> row hash, for the drill-down into a mismatching chunk. */
  Map<List<Object>, String> rows(TableDef table, TableDef.Chunk chunk) throws SQLException {
    Map<List<Object>, String> rows = new LinkedHashMap<>();
    try (ResultSet rs = query(table.rowsSql(dialect, chunk), table.parameters(chunk))) {
      int keys = table.keys().size();
      while (rs.next()) {
        List<Object> key = new ArrayList<>(keys);
        for (int i = 1; i <= keys; i++) {
          Object value = keyValue(rs, i, table.keys().get(i - 1));
          // bytes compare by identity: as text they are equal when their bytes are
          key.add(value instanceof byte[] bytes ? "0x" + HexFormat.of().formatHex(bytes) : value);
        }
        rows.put(key, rs.getString(keys + 1));
      }
    }
    return rows;
  }

  /**
   * One key value as it is bound back into a chunk's WHERE, exactly: dates and times as the
   * server's text (Connector/J's java.sql.Time drops fractions, and TIMESTAMPs would pass through
   * the JVM's zone), FLOAT and DOUBLE from their round-trip text, ENUM and SET as their number, the
   * rest (whole numbers, DECIMAL, strings, bytes) as the driver reads them.
   */
  static Object keyValue(ResultSet rs, int i, TableDef.Column column) throws SQLException {
    if (column.textKey()) {
      return rs.getString(i);
    }
    if (column.floating()) {
      String text = rs.getString(i);
      return text == null ? null : Double.valueOf(text);
    }
    if (column.ordinal()) {
      return rs.getLong(i);
    }
    return rs.getObject(i);
  }

  /**
   * The smallest and largest value of a single integer key, or null for an empty table; with the
   * server's row estimate.
   */
  BigInteger[] bounds(TableDef table) throws SQLException {
    BigInteger[] bounds = new BigInteger[3];
    try (ResultSet rs = query(table.boundsSql(), List.of())) {
      rs.next();
      if (rs.getString(1) == null) {
        return null;
      }
      bounds[0] = new BigInteger(rs.getString(1));
      bounds[1] = new BigInteger(rs.getString(2));
    }
    try (ResultSet rs =
        query(
            "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND"
                + " TABLE_NAME = ?",
            List.of(table.schema(), table.name()))) {
      bounds[2] =
          rs.next() && rs.getString(1) != null ? new BigInteger(rs.getString(1)) : BigInteger.ZERO;
    }
    return bounds;
  }

  /** COUNT(*) of the whole table inside the snapshot. */
  long count(TableDef table) throws SQLException {
    try (ResultSet rs = query("SELECT COUNT(*) FROM " + table.quoted(), List.of())) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private ResultSet query(String sql, List<Object> parameters) throws SQLException {
    pace();
    PreparedStatement p = connection.prepareStatement(sql);
    p.closeOnCompletion();
    for (int i = 0; i < parameters.size(); i++) {
      p.setObject(i + 1, parameters.get(i));
    }
    return p.executeQuery();
  }

  private void pace() {
    if (minGapNanos == 0) {
      return;
    }
    long wait = lastQuery + minGapNanos - System.nanoTime();
    if (wait > 0) {
      LockSupport.parkNanos(wait);
    }
    lastQuery = System.nanoTime();
  }

  private static String single(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : "";
    }
  }

  @Override
  public void close() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("ROLLBACK");
    } finally {
      connection.close();
    }
  }

  /** One chunk's result on one node. */
  record ChunkSum(long rows, String sum) {}
}
