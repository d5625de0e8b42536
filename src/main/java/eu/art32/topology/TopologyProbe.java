package eu.art32.topology;

import eu.art32.Art32Exception;
import eu.art32.EnvironmentException;
import eu.art32.config.NodeConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Reads what a node says about itself: version, variables, replica status, session cipher. */
public final class TopologyProbe {
  private final NodeConnector connector;

  public TopologyProbe(NodeConnector connector) {
    this.connector = connector;
  }

  public NodeConnector connector() {
    return connector;
  }

  public NodeSnapshot snapshot(String pairName, Role role, NodeConfig node) {
    String what = role.label() + " of pair " + pairName;
    try (Connection connection = connector.connect(what, node);
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(30);
      String version = single(statement, "SELECT VERSION()");
      Dialect dialect = Dialect.of(version);
      Map<String, String> variables = new HashMap<>();
      try (ResultSet rs = statement.executeQuery("SHOW GLOBAL VARIABLES")) {
        while (rs.next()) {
          variables.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2));
        }
      }
      Map<String, String> replicaStatus = replicaStatus(statement, dialect);
      String cipher = "";
      try (ResultSet rs = statement.executeQuery("SHOW SESSION STATUS LIKE 'Ssl_cipher'")) {
        if (rs.next()) {
          cipher = rs.getString(2);
        }
      }
      return new NodeSnapshot(
          role,
          node.address(),
          dialect,
          version,
          variables,
          replicaStatus,
          cipher == null ? "" : cipher);
    } catch (SQLException e) {
      throw new EnvironmentException(
          "cannot read the state of "
              + what
              + " "
              + node.address()
              + ": "
              + Art32Exception.firstLine(e.getMessage()),
          e);
    }
  }

  private static String single(Statement statement, String sql) throws SQLException {
    try (ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** The node's replica status row with MySQL's names folded onto MariaDB's; empty if none. */
  public static Map<String, String> replicaStatus(Statement statement, Dialect dialect)
      throws SQLException {
    return NodeSnapshot.normaliseReplicaStatus(firstRow(statement, dialect.replicaStatusSql()));
  }

  private static Map<String, String> firstRow(Statement statement, String sql) throws SQLException {
    Map<String, String> row = new LinkedHashMap<>();
    try (ResultSet rs = statement.executeQuery(sql)) {
      if (rs.next()) {
        ResultSetMetaData meta = rs.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnLabel(i), rs.getString(i));
        }
      }
    }
    return row;
  }
}
