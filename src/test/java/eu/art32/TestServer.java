package eu.art32;

import eu.art32.server.ServerKind;
import eu.art32.topology.Dialect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The server the integration tests run their sandboxes on: {@code -Dart32.test.server=mysql-8.0}
 * (one Failsafe execution per server, see pom.xml), MariaDB 11.4 when unset. Tests write one body
 * per behaviour and ask this class for what differs between servers.
 */
public final class TestServer {
  private TestServer() {}

  public static ServerKind kind() {
    String name = System.getProperty("art32.test.server", "");
    return name.isBlank() ? ServerKind.DEFAULT : ServerKind.of(name);
  }

  public static boolean mysql() {
    return kind().mysql();
  }

  /** The dialect art32 chooses for the test server's version. */
  public static Dialect dialect() {
    return Dialect.of(kind().version() + (kind().mysql() ? "" : "-MariaDB"));
  }

  /** {@code art32 sandbox up --dir DIR --server KIND} as CLI arguments. */
  public static String[] sandboxUp(Path dir) {
    List<String> args = new ArrayList<>(List.of("sandbox", "up", "--dir", dir.toString()));
    args.add("--server");
    args.add(kind().id());
    return args.toArray(String[]::new);
  }

  /** Connector/J's sslMode for the tests' own connections to a sandbox node. */
  public static String sslMode() {
    return kind().clientTls() ? "PREFERRED" : "DISABLED";
  }

  /** The tls lines of a node in art32.yaml, indented by {@code indent} spaces. */
  public static String tlsYaml(int indent) {
    String pad = " ".repeat(indent);
    return kind().clientTls()
        ? pad + "tls: verify-ca\n" + pad + "ca: tls/ca.pem\n"
        : pad + "tls: disabled\n";
  }

  /** Stops only the replica's SQL thread (the same words on every server the tests run). */
  public static String stopSqlThread() {
    return dialect().stopReplicaSql() + " SQL_THREAD";
  }

  public static String startSqlThread() {
    return dialect().startReplicaSql() + " SQL_THREAD";
  }

  /** A query for the executed GTIDs, and one that waits (two parameters) for them on a replica. */
  public static String executedGtidsSql() {
    return dialect().executedGtidsSql();
  }

  /** The wait, inlined with a GTID text and timeout: returns 0 once applied on every server. */
  public static String waitSql(String gtids, int seconds) {
    return dialect()
        .waitForGtidsSql()
        .replaceFirst("\\?", "'" + gtids.replace("'", "''") + "'")
        .replaceFirst("\\?", Integer.toString(seconds));
  }
}
