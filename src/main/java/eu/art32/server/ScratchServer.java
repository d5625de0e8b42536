package eu.art32.server;

import eu.art32.Art32Exception;
import eu.art32.EnvironmentException;
import eu.art32.config.Secret;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away MariaDB server on a restored data directory: started with the server binaries of
 * {@link ServerBinaries} on a free loopback port, without binary log, replication or TLS, and with
 * a one-time read-only account (random password, 127.0.0.1 only) created by an init file that is
 * deleted once the server answers. Stopped with SIGTERM.
 */
public final class ScratchServer implements AutoCloseable {
  public static final String USER = "art32_restore";

  private final Path init;
  private final int port;
  private final Secret password;
  private final Process process;
  private final Path errorLog;

  private ScratchServer(Path init, int port, Secret password, Process process, Path errorLog) {
    this.init = init;
    this.port = port;
    this.password = password;
    this.process = process;
    this.errorLog = errorLog;
  }

  /** Starts the server and returns once the process runs; {@link #awaitFirstQuery} waits for it. */
  public static ScratchServer start(ServerBinaries binaries, Path dataDir, Path workDir)
      throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    byte[] random = new byte[18];
    new SecureRandom().nextBytes(random);
    Secret password =
        new Secret("R" + HexFormat.of().formatHex(random), "one-time restore account");
    Path init = workDir.resolve("restore-init.sql");
    Files.writeString(
        init,
        "CREATE OR REPLACE USER '"
            + USER
            + "'@'127.0.0.1' IDENTIFIED BY '"
            + password.reveal()
            + "';\nGRANT SELECT, PROCESS, BINLOG MONITOR ON *.* TO '"
            + USER
            + "'@'127.0.0.1';\n");
    Files.setPosixFilePermissions(init, PosixFilePermissions.fromString("rw-------"));
    Path errorLog = workDir.resolve("restore-error.log");
    List<String> command =
        new ArrayList<>(
            List.of(
                binaries.server().toString(),
                "--no-defaults",
                "--basedir=" + binaries.basedir(),
                "--datadir=" + dataDir,
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--socket=" + workDir.resolve("restore.sock"),
                "--pid-file=" + workDir.resolve("restore.pid"),
                "--log-error=" + errorLog,
                "--skip-log-bin",
                "--skip-slave-start",
                "--skip-ssl",
                "--skip-name-resolve",
                "--server-id=" + (1_000_000 + new SecureRandom().nextInt(1_000_000)),
                "--innodb-buffer-pool-size=128M",
                "--init-file=" + init));
    if ("root".equals(System.getProperty("user.name"))) {
      command.add("--user=root");
    }
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(workDir.resolve("restore-stdout.log").toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    return new ScratchServer(init, port, password, process, errorLog);
  }

  /** Polls until a query answers; throws with the error log's tail when the server dies first. */
  public void awaitFirstQuery(long timeoutMillis) {
    long end = System.nanoTime() + timeoutMillis * 1_000_000;
    String last = "";
    while (System.nanoTime() < end) {
      if (!process.isAlive()) {
        throw new EnvironmentException(
            "the restored server exited with code " + process.exitValue() + ": " + errorTail());
      }
      try (Connection c = connect(1_000);
          Statement s = c.createStatement()) {
        s.execute("SELECT 1");
        Files.deleteIfExists(init);
        return;
      } catch (SQLException | IOException e) {
        last = e.getMessage();
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EnvironmentException("interrupted while the restored server started");
      }
    }
    throw new EnvironmentException(
        "the restored server did not answer within "
            + timeoutMillis
            + " ms ("
            + Art32Exception.firstLine(last)
            + "): "
            + errorTail());
  }

  public Connection connect(long timeoutMillis) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", USER);
    p.setProperty("password", password.reveal());
    p.setProperty("connectTimeout", Long.toString(timeoutMillis));
    p.setProperty("socketTimeout", "600000");
    p.setProperty("sslMode", "DISABLED");
    p.setProperty("allowPublicKeyRetrieval", "false");
    return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/", p);
  }

  public String errorTail() {
    try {
      List<String> lines = Files.readAllLines(errorLog);
      List<String> errors = lines.stream().filter(l -> l.contains("[ERROR]")).toList();
      List<String> shown = errors.isEmpty() ? lines : errors;
      return String.join(" | ", shown.subList(Math.max(0, shown.size() - 3), shown.size()));
    } catch (IOException e) {
      return "(no error log)";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
