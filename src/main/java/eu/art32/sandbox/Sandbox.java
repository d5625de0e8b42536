package eu.art32.sandbox;

import eu.art32.EnvironmentException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A real MariaDB primary and DR replica on 127.0.0.1 with GTID replication over verified TLS and
 * the durability settings of the reference architecture. It writes a ready art32.yaml beside
 * itself. It is what the demo and the integration tests run on.
 */
public final class Sandbox {
  public static final String USER = "art32";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Path dir;
  private final Path cacheDir;

  public Sandbox(Path dir, Path cacheDir) {
    this.dir = dir.toAbsolutePath().normalize();
    this.cacheDir = cacheDir;
  }

  /** The default cache for unpacked server binaries: $XDG_CACHE_HOME/art32 or ~/.cache/art32. */
  public static Path defaultCache() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    return xdg != null && !xdg.isBlank()
        ? Path.of(xdg, "art32")
        : Path.of(System.getProperty("user.home"), ".cache", "art32");
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
      ServerBinaries binaries = ServerBinaries.locate(cacheDir);
      TlsFiles tls = TlsFiles.available() ? TlsFiles.create(dir.resolve("tls")) : null;
      int[] ports = freePorts(2);
      SandboxNode primary = new SandboxNode("node1", 1, ports[0], dir.resolve("node1"), false);
      SandboxNode replica = new SandboxNode("node2", 2, ports[1], dir.resolve("node2"), true);
      String adminPassword = password();
      String replPassword = password();
      Path init = dir.resolve("init.sql");
      Files.writeString(init, initSql(adminPassword, replPassword, tls != null));
      SandboxState state =
          new SandboxState(binaries.origin(), configFile().toString(), List.of(primary, replica));
      state.write(dir);
      List<Process> processes = new ArrayList<>();
      for (SandboxNode node : state.nodes()) {
        node.writeConfig(binaries, tls);
        node.install(binaries);
        processes.add(node.start(binaries, init));
      }
      for (int i = 0; i < processes.size(); i++) {
        awaitReady(state.nodes().get(i), processes.get(i), adminPassword);
      }
      Files.delete(init);
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
      if (SandboxBackup.available()) {
        backup = new SandboxBackup(dir, replica);
        backup.takeInitial();
      }
      Files.writeString(
          configFile(), SandboxConfig.yaml(primary, replica, tls != null, mirror, backup));
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

  private static String initSql(String adminPassword, String replPassword, boolean tls) {
    return String.join(
        "\n",
        "SET sql_log_bin=0;",
        "CREATE USER IF NOT EXISTS '"
            + USER
            + "'@'127.0.0.1' IDENTIFIED BY '"
            + adminPassword
            + "';",
        "GRANT ALL PRIVILEGES ON *.* TO '" + USER + "'@'127.0.0.1' WITH GRANT OPTION;",
        "CREATE USER IF NOT EXISTS 'repl'@'127.0.0.1' IDENTIFIED BY '"
            + replPassword
            + "'"
            + (tls ? " REQUIRE SSL" : "")
            + ";",
        "GRANT REPLICATION SLAVE ON *.* TO 'repl'@'127.0.0.1';",
        "");
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
   * Replicates over TCP to the primary's port with a verified TLS channel. The host is "localhost"
   * because the server's replication client checks the certificate's DNS name but rejects a match
   * on its IP address; the connection still goes over TCP to 127.0.0.1.
   */
  private static void startReplication(
      SandboxNode primary,
      SandboxNode replica,
      String adminPassword,
      String replPassword,
      TlsFiles tls)
      throws SQLException {
    try (Connection connection = connect(replica, adminPassword);
        Statement statement = connection.createStatement()) {
      String ssl =
          tls == null
              ? "MASTER_SSL=0"
              : "MASTER_SSL=1, MASTER_SSL_CA='" + tls.ca() + "', MASTER_SSL_VERIFY_SERVER_CERT=1";
      statement.execute(
          "CHANGE MASTER TO MASTER_HOST='localhost', MASTER_PORT="
              + primary.port()
              + ", MASTER_USER='repl', MASTER_PASSWORD='"
              + replPassword
              + "', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1, "
              + ssl);
      statement.execute("START SLAVE");
    }
  }

  /** A small table of made-up customers, replicated, so the pair holds data like the real ones. */
  private static void seed(SandboxNode primary, SandboxNode replica, String password)
      throws SQLException {
    String position;
    try (Connection connection = connect(primary, password);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE IF NOT EXISTS shop");
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
      try (ResultSet rs = statement.executeQuery("SELECT @@gtid_binlog_pos")) {
        rs.next();
        position = rs.getString(1);
      }
    }
    try (Connection connection = connect(replica, password);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT MASTER_GTID_WAIT('" + position + "', 60)")) {
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
    properties.setProperty("sslMode", "PREFERRED");
    return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + node.port() + "/", properties);
  }

  private static int[] freePorts(int count) throws IOException {
    int[] ports = new int[count];
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
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
      eu.art32.FileTrees.delete(root);
    } catch (IOException e) {
      throw new EnvironmentException("cannot remove " + root + ": " + e.getMessage(), e);
    }
  }
}
