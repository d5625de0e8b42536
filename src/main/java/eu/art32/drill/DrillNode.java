package eu.art32.drill;

import eu.art32.EnvironmentException;
import eu.art32.config.NodeConfig;
import eu.art32.topology.Dialect;
import eu.art32.topology.NodeConnector;
import eu.art32.topology.NodeSnapshot;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One node of a pair during a drill, reached with the configured admin account. Every call opens
 * its own short connection with bounded timeouts, so a frozen or cut-off node fails a call instead
 * of hanging the drill.
 */
final class DrillNode {
  private final String label;
  private final NodeConfig config;
  private final NodeConnector connector;
  private Dialect dialect;

  DrillNode(String label, NodeConfig config, NodeConnector connector) {
    this.label = label;
    this.config = config;
    this.connector = connector;
  }

  String label() {
    return label;
  }

  NodeConfig config() {
    return config;
  }

  Connection connect() {
    return connector.connect(label, config);
  }

  /** The flavor, detected once from {@code SELECT VERSION()}. */
  Dialect dialect() {
    if (dialect == null) {
      dialect = Dialect.of(string("SELECT VERSION()"));
    }
    return dialect;
  }

  void useDialect(Dialect known) {
    this.dialect = known;
  }

  /** Whether the node answers a query within the connector's timeouts. */
  boolean reachable() {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("SELECT 1");
      return true;
    } catch (EnvironmentException | SQLException e) {
      return false;
    }
  }

  String string(String sql) {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      throw failed(sql, e);
    }
  }

  void execute(String... statements) {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        run(s, sql);
      }
    } catch (SQLException e) {
      throw new EnvironmentException(label + ": " + e.getMessage(), e);
    }
  }

  /** Runs statements in one session with binary logging off, so they never replicate. */
  void executeUnlogged(String... statements) {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("SET SESSION sql_log_bin = 0");
      for (String sql : statements) {
        run(s, sql);
      }
    } catch (SQLException e) {
      throw new EnvironmentException(label + ": " + e.getMessage(), e);
    }
  }

  private void run(Statement s, String sql) {
    try {
      s.execute(sql);
    } catch (SQLException e) {
      throw failed(sql, e);
    }
  }

  /** The normalised replica status row, empty when the node replicates from nothing. */
  Map<String, String> replicaStatus() {
    try (Connection c = connect()) {
      return replicaStatus(c);
    } catch (SQLException e) {
      throw failed(dialect().replicaStatusSql(), e);
    }
  }

  Map<String, String> replicaStatus(Connection c) {
    String sql = dialect().replicaStatusSql();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      Map<String, String> row = new LinkedHashMap<>();
      if (rs.next()) {
        ResultSetMetaData meta = rs.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnLabel(i), rs.getString(i));
        }
      }
      return NodeSnapshot.normaliseReplicaStatus(row);
    } catch (SQLException e) {
      throw failed(sql, e);
    }
  }

  String executedGtids() {
    return Optional.ofNullable(string(dialect().executedGtidsSql())).orElse("");
  }

  boolean readOnly() {
    return "1".equals(string("SELECT @@GLOBAL.read_only"));
  }

  /** Waits until the node has applied {@code gtids}; false when {@code timeout} passes first. */
  boolean awaitGtids(String gtids, Duration timeout) {
    if (gtids == null || gtids.isBlank()) {
      return true;
    }
    try (Connection c = connect()) {
      return awaitGtids(c, gtids, timeout);
    } catch (SQLException e) {
      throw failed(dialect().waitForGtidsSql(), e);
    }
  }

  boolean awaitGtids(Connection c, String gtids, Duration timeout) {
    if (gtids == null || gtids.isBlank()) {
      return true;
    }
    String sql = dialect().waitForGtidsSql();
    long seconds = Math.max(1, timeout.toSeconds());
    try (PreparedStatement s = c.prepareStatement(sql)) {
      // the server waits up to the timeout: the connection's socket timeout (the connector's,
      // often shorter) must not cut the wait off as a communications failure
      int before = c.getNetworkTimeout();
      int needed = (int) Math.min(Integer.MAX_VALUE, (seconds + 15) * 1000);
      if (before != 0 && before < needed) {
        c.setNetworkTimeout(Runnable::run, needed);
      }
      try {
        s.setString(1, gtids);
        s.setLong(2, seconds);
        try (ResultSet rs = s.executeQuery()) {
          return rs.next() && rs.getInt(1) == 0 && !rs.wasNull();
        }
      } finally {
        if (before != 0 && before < needed) {
          c.setNetworkTimeout(Runnable::run, before);
        }
      }
    } catch (SQLException e) {
      throw failed(sql, e);
    }
  }

  private EnvironmentException failed(String sql, SQLException e) {
    return new EnvironmentException(
        label + " " + config.address() + ": " + abbreviate(sql) + ": " + e.getMessage(), e);
  }

  private static final Pattern SECRET_LITERAL =
      Pattern.compile(
          "((?:PASSWORD\\s*=|IDENTIFIED\\s+BY)\\s*)'(?:[^'\\\\]|\\\\.|'')*'",
          Pattern.CASE_INSENSITIVE);

  /** SQL for a message or the evidence: password literals masked, long text cut. */
  static String abbreviate(String sql) {
    String masked = SECRET_LITERAL.matcher(sql).replaceAll("$1'******'");
    return masked.length() > 200 ? masked.substring(0, 197) + "..." : masked;
  }

  @Override
  public String toString() {
    return label + " " + config.address();
  }
}
