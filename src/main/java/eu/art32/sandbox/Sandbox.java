package eu.art32.sandbox;

import eu.art32.EnvironmentException;
import eu.art32.FileTrees;
import eu.art32.UsageException;
import eu.art32.config.Secret;
import eu.art32.server.ServerBinaries;
import eu.art32.server.ServerKind;
import eu.art32.topology.Dialect;
import eu.art32.topology.ReplicationSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A real primary and DR replica on 127.0.0.1 (MariaDB 11.4 or 10.11, MySQL 5.7 or 8.0, see {@link
 * ServerKind}) with GTID replication over verified TLS and the durability settings of the reference
 * architecture. It writes a ready art32.yaml beside itself. It is what the demo and the integration
 * tests run on.
 */
public final class Sandbox {
  public static final String USER = "art32";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Path dir;
  private final Path cacheDir;
  private final ServerKind server;
  private final boolean semiSync;

  public Sandbox(Path dir, Path cacheDir) {
    this(dir, cacheDir, ServerKind.DEFAULT);
  }

  public Sandbox(Path dir, Path cacheDir, ServerKind server) {
    this(dir, cacheDir, server, false);
  }

  /**
   * A sandbox whose pair replicates semi-synchronously ({@code semiSync}): MariaDB only, where it
   * is built into the server; the MySQL servers art32 unpacks ship without the plugins.
   */
  public Sandbox(Path dir, Path cacheDir, ServerKind server, boolean semiSync) {
    if (semiSync && server.mysql()) {
      throw new UsageException(
          "--semisync: the "
              + server.label()
              + " server art32 unpacks ships without the semi-synchronous replication plugins"
              + " (rpl_semi_sync_master, rpl_semi_sync_slave); use --server mariadb-11.4 or"
              + " mariadb-10.11, where it is built in");
    }
    this.dir = dir.toAbsolutePath().normalize();
    this.cacheDir = cacheDir;
    this.server = server;
    this.semiSync = semiSync;
  }

  public Path dir() {
    return dir;
  }

  public Path configFile() {
    return dir.resolve("art32.yaml");
  }

  /** Starts the pair. On failure the servers are stopped and the directory kept for its logs. */
  public SandboxState up() {
    if (Files.isRegularFile(dir.resolve(SandboxState.FILE))) {
      SandboxState existing = SandboxState.read(dir);
      if (existing.nodes().stream().anyMatch(n -> n.process().isPresent())) {
        throw new EnvironmentException(
            "a sandbox is already running in "
                + dir
                + "; stop it with: art32 sandbox down --dir "
                + dir);
      }
      deleteTree(dir);
    }
    try {
      Files.createDirectories(dir);
      ServerBinaries binaries = ServerBinaries.locate(cacheDir, server);
      TlsFiles tls = TlsFiles.available() ? TlsFiles.create(dir.resolve("tls")) : null;
      int[] ports = freePorts(2);
      SandboxNode primary =
          new SandboxNode("node1", 1, ports[0], dir.resolve("node1"), false, server);
      SandboxNode replica =
          new SandboxNode("node2", 2, ports[1], dir.resolve("node2"), true, server);
      String adminPassword = password();
      String replPassword = password();
      Path init = dir.resolve("init.sql");
      Files.writeString(init, initSql(server, adminPassword, replPassword, tls != null));
      SandboxState state =
          new SandboxState(
              binaries.origin(), configFile().toString(), List.of(primary, replica), server);
      state.write(dir);
      List<Process> processes = new ArrayList<>();
      for (SandboxNode node : state.nodes()) {
        node.writeConfig(binaries, tls, semiSync);
        node.install(binaries);
        processes.add(node.start(binaries, init));
      }
      for (int i = 0; i < processes.size(); i++) {
        awaitReady(state.nodes().get(i), processes.get(i), adminPassword);
      }
      Files.delete(init);
      if (!server.mysql()) {
        forgetInstallTransactions(state.nodes(), adminPassword);
      }
      startReplication(primary, replica, adminPassword, replPassword, tls);
      seed(primary, replica, adminPassword);
      writeClientFiles(adminPassword, replPassword);
      SandboxConfig.writeGeoDatabase(dir.resolve(SandboxConfig.GEO_DATABASE));
      SandboxMirror mirror = null;
      if (SandboxMirror.available()) {
        mirror = new SandboxMirror(dir);
        mirror.start();
      }
      SandboxBackup backup = null;
      if (!server.mysql() && SandboxBackup.available()) {
        backup = new SandboxBackup(dir, replica);
        backup.takeInitial();
      }
      Files.writeString(
          configFile(), SandboxConfig.yaml(server, primary, replica, tls != null, mirror, backup));
      return state;
    } catch (IOException | SQLException e) {
      down(true);
      throw new EnvironmentException(
          "cannot start the sandbox in " + dir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      down(true);
      throw e;
    }
  }

  /**
   * Stops every server of the sandbox; removes its files unless {@code keep}. Returns what it
   * stopped.
   */
  public List<String> down(boolean keep) {
    List<String> stopped = new ArrayList<>();
    if (!Files.isRegularFile(dir.resolve(SandboxState.FILE))) {
      return stopped;
    }
    new SandboxMirror(dir).stop();
    for (SandboxNode node : SandboxState.read(dir).nodes()) {
      if (node.stop(60)) {
        stopped.add(node.name() + " (port " + node.port() + ")");
      }
      if (node.process().isPresent()) {
        throw new EnvironmentException(
            "sandbox server " + node.name() + " did not stop; pid file " + node.pidFile());
      }
    }
    if (!keep) {
      deleteTree(dir);
    }
    return stopped;
  }

  /**
   * The accounts art32 and replication use, created by the first start's init file outside the
   * binary log. On MySQL 8.0 they keep the default caching_sha2_password, which art32 and the
   * replica use over TLS; without TLS (no openssl) the old native method, which needs no RSA key
   * exchange. The replication account requires TLS, except on MySQL 5.7, where art32's check that
   * it can log in cannot use TLS (see {@link ServerKind#clientTls}); the replica still connects
   * with it. MySQL's password-less root from --initialize-insecure is locked.
   */
  private static String initSql(
      ServerKind server, String adminPassword, String replPassword, boolean tls) {
    String with =
        server == ServerKind.MYSQL_8_0 && !tls
            ? " IDENTIFIED WITH mysql_native_password BY '"
            : " IDENTIFIED BY '";
    List<String> lines =
        new ArrayList<>(
            List.of(
                "SET sql_log_bin=0;",
                "CREATE USER IF NOT EXISTS '"
                    + USER
                    + "'@'127.0.0.1'"
                    + with
                    + adminPassword
                    + "';",
                "GRANT ALL PRIVILEGES ON *.* TO '" + USER + "'@'127.0.0.1' WITH GRANT OPTION;",
                "CREATE USER IF NOT EXISTS 'repl'@'127.0.0.1'"
                    + with
                    + replPassword
                    + "'"
                    + (tls && server.clientTls() ? " REQUIRE SSL" : "")
                    + ";",
                "GRANT REPLICATION SLAVE ON *.* TO 'repl'@'127.0.0.1';"));
    if (server.mysql()) {
      lines.add("ALTER USER 'root'@'localhost' ACCOUNT LOCK;");
    }
    lines.add("");
    return String.join("\n", lines);
  }

  private static void awaitReady(SandboxNode node, Process process, String password)
      throws SQLException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    SQLException last = null;
    while (Instant.now().isBefore(deadline)) {
      try (Connection ignored = connect(node, password)) {
        return;
      } catch (SQLException e) {
        last = e;
      }
      if (!process.isAlive()) {
        throw new EnvironmentException(
            "sandbox server " + node.name() + " exited: " + node.errorTail());
      }
      sleep(200);
    }
    throw new EnvironmentException(
        "sandbox server "
            + node.name()
            + " not ready after "
            + START_TIMEOUT.toSeconds()
            + " s: "
            + (last == null ? "" : last.getMessage())
            + "; "
            + node.errorTail());
  }

  /**
   * Replicates over TCP to the primary's port with a verified TLS channel, with the statements the
   * replica's version takes (the same {@link Dialect} a drill uses). The host is "localhost"
   * because MariaDB's and MySQL 8.0's replication client check the certificate's DNS name but
   * reject a match on its IP address; MySQL 5.7's yaSSL reads only the common name, which is
   * 127.0.0.1. The connection goes over TCP to 127.0.0.1 either way. A MySQL replica gets
   * super_read_only once the accounts exist.
   */
  private void startReplication(
      SandboxNode primary,
      SandboxNode replica,
      String adminPassword,
      String replPassword,
      TlsFiles tls)
      throws SQLException {
    try (Connection connection = connect(replica, adminPassword);
        Statement statement = connection.createStatement()) {
      Dialect dialect = dialect(statement);
      ReplicationSource source =
          new ReplicationSource(
              server == ServerKind.MYSQL_5_7 ? "127.0.0.1" : "localhost",
              primary.port(),
              "repl",
              new Secret(replPassword, "the sandbox's replication.cnf"),
              tls != null,
              tls == null ? null : tls.ca().toString(),
              tls != null);
      if (server.mysql()) {
        statement.execute("SET GLOBAL super_read_only = ON");
      }
      statement.execute(dialect.changeSourceSql(source));
      statement.execute(dialect.startReplicaSql());
    }
  }

  /**
   * MariaDB 10.11's mariadb-install-db writes the system tables it creates into the binary log,
   * under each node's own server id (0-1-1.., 0-2-1..): with gtid_strict_mode the replica would
   * refuse the primary's 0-1-1 after its own 0-2-41. Both nodes are new, so their binary logs start
   * empty instead.
   */
  private static void forgetInstallTransactions(List<SandboxNode> nodes, String password)
      throws SQLException {
    for (SandboxNode node : nodes) {
      try (Connection connection = connect(node, password);
          Statement statement = connection.createStatement()) {
        statement.execute("RESET MASTER");
      }
    }
  }

  private static Dialect dialect(Statement statement) throws SQLException {
    try (ResultSet rs = statement.executeQuery("SELECT VERSION()")) {
      rs.next();
      return Dialect.of(rs.getString(1));
    }
  }

  /** A small table of made-up customers, replicated, so the pair holds data like the real ones. */
  private static void seed(SandboxNode primary, SandboxNode replica, String password)
      throws SQLException {
    String position;
    Dialect dialect;
    try (Connection connection = connect(primary, password);
        Statement statement = connection.createStatement()) {
      dialect = dialect(statement);
      statement.execute("CREATE DATABASE IF NOT EXISTS shop CHARACTER SET utf8mb4");
      statement.execute(
          "CREATE TABLE IF NOT EXISTS shop.customers (id INT PRIMARY KEY, name VARCHAR(80) NOT NULL, email VARCHAR(120) NOT NULL, city VARCHAR(60) NOT NULL)");
      StringBuilder insert = new StringBuilder("INSERT INTO shop.customers VALUES ");
      String[] cities = {"Oslo", "Bergen", "Trondheim", "Stavanger", "Tromsø"};
      for (int i = 1; i <= 200; i++) {
        insert
            .append(i == 1 ? "" : ",")
            .append('(')
            .append(i)
            .append(",'Customer ")
            .append(i)
            .append("','customer")
            .append(i)
            .append("@example.no','")
            .append(cities[i % cities.length])
            .append("')");
      }
      statement.execute(insert.toString());
      try (ResultSet rs = statement.executeQuery(dialect.executedGtidsSql())) {
        rs.next();
        position = rs.getString(1);
      }
    }
    try (Connection connection = connect(replica, password);
        PreparedStatement wait = connection.prepareStatement(dialect.waitForGtidsSql())) {
      wait.setString(1, position);
      wait.setInt(2, 60);
      try (ResultSet rs = wait.executeQuery()) {
        rs.next();
        if (rs.getInt(1) != 0) {
          throw new EnvironmentException(
              "sandbox replica did not reach "
                  + position
                  + " within 60 s; see "
                  + replica.errorLog());
        }
      }
    }
  }

  private void writeClientFiles(String password, String replPassword) throws IOException {
    Path replicationCnf = dir.resolve("replication.cnf");
    Files.writeString(
        replicationCnf,
        "# the sandbox's replication account, for drills (mode 600)\n[client]\nuser=repl\npassword="
            + replPassword
            + "\n");
    Files.setPosixFilePermissions(replicationCnf, PosixFilePermissions.fromString("rw-------"));
    Path clientCnf = dir.resolve("client.cnf");
    Files.writeString(
        clientCnf,
        "# art32 sandbox credentials (mode 600)\n[client]\nuser="
            + USER
            + "\npassword="
            + password
            + "\n");
    Files.setPosixFilePermissions(clientCnf, PosixFilePermissions.fromString("rw-------"));
  }

  static Connection connect(SandboxNode node, String password) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", USER);
    properties.setProperty("password", password);
    properties.setProperty("connectTimeout", "2000");
    properties.setProperty("socketTimeout", "120000");
    properties.setProperty("sslMode", node.server().clientTls() ? "PREFERRED" : "DISABLED");
    return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + node.port() + "/", properties);
  }

  private static int[] freePorts(int count) throws IOException {
    int[] ports = new int[count];
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
    return ports;
  }

  private static String password() {
    String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    SecureRandom random = new SecureRandom();
    StringBuilder password = new StringBuilder();
    for (int i = 0; i < 24; i++) {
      password.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return password.toString();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EnvironmentException("interrupted while waiting for the sandbox");
    }
  }

  private static void deleteTree(Path root) {
    try {
      FileTrees.delete(root);
    } catch (IOException e) {
      throw new EnvironmentException("cannot remove " + root + ": " + e.getMessage(), e);
    }
  }
}
