package eu.art32.sandbox;

import eu.art32.EnvironmentException;
import eu.art32.FileTrees;
import eu.art32.server.ServerBinaries;
import eu.art32.server.ServerKind;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** One server of the sandbox: its files, its my.cnf, starting and stopping it. */
public record SandboxNode(
    String name, int serverId, int port, Path dir, boolean replica, ServerKind server) {
  public SandboxNode {
    server = server == null ? ServerKind.DEFAULT : server;
  }

  public Path cnf() {
    return dir.resolve("my.cnf");
  }

  public Path dataDir() {
    return dir.resolve("data");
  }

  /** mariadbd or mysqld: the server's program, which also names its pid file and socket. */
  private String program() {
    return server.mysql() ? "mysqld" : "mariadbd";
  }

  public Path pidFile() {
    return dir.resolve(program() + ".pid");
  }

  public Path socket() {
    return dir.resolve(program() + ".sock");
  }

  public Path errorLog() {
    return dir.resolve("error.log");
  }

  /**
   * Writes my.cnf with the durability and replication settings of the reference architecture: ROW
   * binary logs written through on every commit, GTIDs (strict on MariaDB, gtid_mode and enforced
   * consistency on MySQL), the replica read-only (and super_read_only on MySQL), TLS with the
   * sandbox's own CA; with {@code semiSync} (MariaDB, where it is built in), semi-synchronous
   * replication in both directions, lossless, with a timeout of {@link #SEMI_SYNC_TIMEOUT_MS}.
   */
  /**
   * How long a semi-synchronous sandbox primary waits for an acknowledgement before it falls back:
   * short, so a drill's promoted node (whose only replica is the old primary, killed) waits
   * seconds, not MariaDB's default 10 s, for its first commit.
   */
  static final long SEMI_SYNC_TIMEOUT_MS = 2000;

  void writeConfig(ServerBinaries binaries, TlsFiles tls, boolean semiSync) throws IOException {
    Files.createDirectories(dir);
    List<String> lines =
        new ArrayList<>(
            List.of(
                "# Written by art32 sandbox: "
                    + name
                    + (replica ? " (DR replica), " : " (primary), ")
                    + server.label(),
                server.mysql() ? "[mysqld]" : "[mariadbd]",
                "basedir=" + binaries.basedir(),
                "datadir=" + dataDir(),
                "socket=" + socket(),
                "pid-file=" + pidFile(),
                "log-error=" + errorLog(),
                "port=" + port,
                "bind-address=127.0.0.1",
                "skip-name-resolve",
                "server_id=" + serverId,
                "log_bin=binlog",
                "relay_log=relay",
                "binlog_format=ROW",
                "log_slave_updates=ON",
                "sync_binlog=1",
                "innodb_flush_log_at_trx_commit=1",
                "report_host=127.0.0.1",
                "report_port=" + port,
                "innodb_buffer_pool_size=64M",
                "max_connections=200"));
    if (server.mysql()) {
      lines.addAll(
          List.of(
              "gtid_mode=ON",
              "enforce_gtid_consistency=ON",
              "master_info_repository=TABLE",
              "relay_log_info_repository=TABLE",
              "relay_log_recovery=ON",
              "character_set_server=utf8mb4",
              "lc_messages_dir=" + binaries.basedir().resolve("share"),
              "secure_file_priv=" + dir.resolve("files"),
              "innodb_log_file_size=32M"));
      Files.createDirectories(dir.resolve("files"));
      if (server == ServerKind.MYSQL_8_0) {
        lines.add("mysqlx=OFF");
      }
    } else {
      lines.add("gtid_strict_mode=ON");
      lines.add("innodb_log_file_size=32M");
      if (semiSync) {
        lines.addAll(
            List.of(
                "rpl_semi_sync_master_enabled=ON",
                "rpl_semi_sync_slave_enabled=ON",
                "rpl_semi_sync_master_wait_point=AFTER_SYNC",
                "rpl_semi_sync_master_timeout=" + SEMI_SYNC_TIMEOUT_MS));
      }
    }
    if ("root".equals(System.getProperty("user.name"))) {
      lines.add("user=root");
    }
    if (replica) {
      lines.add("read_only=ON");
      if (server.mysql()) {
        lines.add("super_read_only=ON");
      }
    }
    if (tls != null) {
      lines.add("ssl_ca=" + tls.ca());
      lines.add("ssl_cert=" + tls.cert());
      lines.add("ssl_key=" + (server == ServerKind.MYSQL_5_7 ? tls.rsaKey() : tls.key()));
    } else {
      lines.add("skip-ssl");
    }
    Files.write(cnf(), lines);
  }

  /**
   * Creates the data directory: mariadb-install-db for MariaDB, {@code mysqld
   * --initialize-insecure} for MySQL (root@localhost without a password, reachable only through the
   * socket; the first start's init file creates art32's accounts). A failed attempt is retried once
   * from scratch.
   */
  void install(ServerBinaries binaries) throws IOException {
    List<String> command = new ArrayList<>();
    if (server.mysql()) {
      command.addAll(
          List.of(
              binaries.server().toString(),
              "--defaults-file=" + cnf(),
              "--initialize-insecure",
              "--read-only=OFF",
              "--super-read-only=OFF"));
    } else {
      command.addAll(
          List.of(
              "sh",
              binaries.installDb().toString(),
              "--defaults-file=" + cnf(),
              "--basedir=" + binaries.basedir(),
              "--auth-root-authentication-method=socket",
              "--skip-test-db"));
    }
    if ("root".equals(System.getProperty("user.name"))) {
      command.add("--user=root");
    }
    Path log = dir.resolve("install.log");
    for (int attempt = 1; ; attempt++) {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      try {
        if (process.waitFor(120, TimeUnit.SECONDS) && process.exitValue() == 0) {
          return;
        }
        process.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EnvironmentException("interrupted while initialising sandbox " + name);
      }
      if (attempt == 2) {
        throw new EnvironmentException(
            (server.mysql() ? "mysqld --initialize-insecure" : "mariadb-install-db")
                + " failed twice for sandbox "
                + name
                + "; see "
                + (server.mysql() ? errorLog() : log)
                + ": "
                + tail(server.mysql() ? errorLog() : log));
      }
      deleteData();
    }
  }

  /** A failed install-db can leave a half-made data directory; the retry starts clean. */
  private void deleteData() throws IOException {
    FileTrees.delete(dataDir());
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  /**
   * Starts the server in its own session so it outlives this JVM; init-file only on first start.
   */
  Process start(ServerBinaries binaries, Path initFile) throws IOException {
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      command.add("/usr/bin/setsid");
    }
    command.add(binaries.server().toString());
    command.add("--defaults-file=" + cnf());
    if (initFile != null) {
      command.add("--init-file=" + initFile);
      if (server.mysql()) {
        // super_read_only would refuse the init file's accounts on the replica; the sandbox turns
        // it on once they exist, and my.cnf keeps it on for every later start.
        command.add("--read-only=OFF");
        command.add("--super-read-only=OFF");
      }
    }
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
  }

  /** The running server process, found through its pid file and checked by command name. */
  public Optional<ProcessHandle> process() {
    try {
      if (!Files.isRegularFile(pidFile())) {
        return Optional.empty();
      }
      long pid = Long.parseLong(Files.readString(pidFile()).trim());
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(
              p ->
                  p.info()
                      .command()
                      .map(c -> c.endsWith("mariadbd") || c.endsWith("mysqld"))
                      .orElse(true));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** SIGTERM, wait for a clean shutdown, SIGKILL only if it does not come. */
  public boolean stop(long timeoutSeconds) {
    Optional<ProcessHandle> process = process();
    if (process.isEmpty()) {
      return false;
    }
    ProcessHandle handle = process.get();
    handle.destroy();
    try {
      handle.onExit().get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      handle.destroyForcibly();
      try {
        handle.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // reported by the caller through process()
      }
    }
    return true;
  }

  /** The last lines of the error log, for a message when the server will not start. */
  String errorTail() {
    try {
      List<String> lines = Files.readAllLines(errorLog());
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    } catch (IOException e) {
      return "(no error log)";
    }
  }
}
