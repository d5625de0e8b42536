package eu.art32.sandbox;

import eu.art32.TestServer;
import eu.art32.config.OptionFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** SQL on a node of a test's sandbox as its admin account (the password from its client.cnf). */
public final class SandboxSql {
  private SandboxSql() {}

  public static Connection connect(Path sandbox, SandboxNode node) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "art32");
    p.setProperty(
        "password", OptionFile.clientOptions(sandbox.resolve("client.cnf")).get("password"));
    p.setProperty("sslMode", TestServer.sslMode());
    return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + node.port() + "/", p);
  }

  public static void execute(Path sandbox, SandboxNode node, String... sql) throws SQLException {
    try (Connection c = connect(sandbox, node);
        Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    }
  }

  /** The first column of the first row, or null when there is none. */
  public static String query(Path sandbox, SandboxNode node, String sql) throws SQLException {
    try (Connection c = connect(sandbox, node);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
