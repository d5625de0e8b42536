package eu.art32.drill;

import eu.art32.Shell;
import eu.art32.sandbox.SandboxNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * MHA 0.58's masterha_manager (Debian mha4mysql-manager and -node) monitoring a sandbox pair, as a
 * failover manager that acts on its own. MHA logs in to every database host over ssh; this machine
 * runs no sshd, so one runs for the test only (src/test/sh/private-sshd.sh, from Debian's .debs
 * that .ci/run downloads), and MHA's modules get the two fixes MariaDB needs
 * (src/test/sh/mha-perl.sh) in a copy on PERL5LIB. See ../shared/PITFALLS.md.
 */
final class Mha implements AutoCloseable {
  /** Where .ci/run puts the openssh-server and libwrap0 packages. */
  static final Path DEBS =
      Path.of(
          System.getenv()
              .getOrDefault(
                  "ART32_TEST_DEBS", System.getProperty("user.home") + "/.cache/art32/debs"));

  final Path dir;
  private final Process sshd;
  private Process manager;

  private Mha(Path dir, Process sshd) {
    this.dir = dir;
    this.sshd = sshd;
  }

  /** Why MHA cannot run here, or null when it can. */
  static String missing() {
    for (String tool :
        List.of(
            "masterha_manager",
            "apply_diff_relay_logs",
            "mariadb-binlog",
            "ssh",
            "ssh-keygen",
            "unshare")) {
      if (!Shell.run(List.of("sh", "-c", "command -v " + tool), Duration.ofSeconds(10), Map.of())
          .succeeded()) {
        return tool
            + " is not installed (.ci/run installs mha4mysql-manager, mha4mysql-node, mariadb-client, openssh-client)";
      }
    }
    for (String deb : List.of("openssh-server_", "libwrap0_")) {
      try (var files = Files.list(DEBS)) {
        if (files.noneMatch(f -> f.getFileName().toString().startsWith(deb))) {
          return "no " + deb + "*.deb in " + DEBS + " (.ci/run downloads it)";
        }
      } catch (IOException e) {
        return "no " + DEBS + " (.ci/run downloads openssh-server and libwrap0 there)";
      }
    }
    return null;
  }

  /** Starts the private sshd and writes MHA's configuration for the pair. */
  static Mha prepare(
      Path dir,
      SandboxNode primary,
      SandboxNode replica,
      String password,
      String replicationPassword)
      throws Exception {
    Files.createDirectories(dir.resolve("work"));
    Files.createDirectories(dir.resolve("remote"));
    Files.createDirectories(dir.resolve("bin"));
    Path scripts = Path.of(System.getProperty("art32.project.dir", "."), "src", "test", "sh");
    run(List.of("bash", scripts.resolve("mha-perl.sh").toString(), dir.resolve("perl").toString()));
    // MHA calls mysqlbinlog and mysql from client_bindir
    Files.createSymbolicLink(dir.resolve("bin/mysqlbinlog"), Path.of("/usr/bin/mariadb-binlog"));
    Files.createSymbolicLink(dir.resolve("bin/mysql"), Path.of("/usr/bin/mariadb"));
    int port = freePort();
    Process sshd =
        new ProcessBuilder(
                "bash",
                scripts.resolve("private-sshd.sh").toString(),
                dir.resolve("ssh").toString(),
                Integer.toString(port),
                DEBS.toString(),
                dir.resolve("perl").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("sshd.log").toFile())
            .start();
    Mha mha = new Mha(dir, sshd);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!run(
        List.of("ssh", "-F", dir.resolve("ssh/ssh_config").toString(), "root@127.0.0.1", "true"),
        false)) {
      if (!sshd.isAlive() || System.nanoTime() > deadline) {
        mha.close();
        throw new IllegalStateException(
            "the test's sshd did not start: " + Files.readString(dir.resolve("sshd.log")));
      }
      Thread.sleep(200);
    }
    Files.writeString(
        dir.resolve("app.cnf"),
        "[server default]\n"
            + "user=art32\n"
            + "password="
            + password
            + "\n"
            + "repl_user=repl\n"
            + "repl_password="
            + replicationPassword
            + "\n"
            + "ssh_user=root\n"
            + "ssh_port="
            + port
            + "\n"
            + "ssh_options=-F "
            + dir.resolve("ssh/ssh_config")
            + "\n"
            + "manager_workdir="
            + dir.resolve("work")
            + "\n"
            + "manager_log="
            + dir.resolve("work/manager.log")
            + "\n"
            + "remote_workdir="
            + dir.resolve("remote")
            + "\n"
            + "client_bindir="
            + dir.resolve("bin")
            + "\n"
            + "ping_interval=1\n"
            + "\n[server1]\nhostname=127.0.0.1\nport="
            + primary.port()
            + "\n"
            + "master_binlog_dir="
            + primary.dataDir()
            + "\ncandidate_master=1\n"
            + "\n[server2]\nhostname=127.0.0.1\nport="
            + replica.port()
            + "\n"
            + "master_binlog_dir="
            + replica.dataDir()
            + "\ncandidate_master=1\n");
    return mha;
  }

  /** Starts masterha_manager and waits until it pings the primary. */
  void startManager() throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder("masterha_manager", "--conf=" + dir.resolve("app.cnf"))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("work/stdout.log").toFile());
    pb.environment().put("PERL5LIB", dir.resolve("perl").toString());
    pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
    manager = pb.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!log().contains("waiting until MySQL doesn't respond")) {
      if (!manager.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "masterha_manager did not start monitoring: "
                + log()
                + Files.readString(dir.resolve("work/stdout.log")));
      }
      Thread.sleep(200);
    }
  }

  String log() throws IOException {
    Path log = dir.resolve("work/manager.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  private static boolean run(List<String> argv, boolean mustSucceed) {
    Shell.Result r = Shell.run(argv, Duration.ofSeconds(30), Map.of());
    if (mustSucceed && !r.succeeded()) {
      throw new IllegalStateException(String.join(" ", argv) + ": " + r.output());
    }
    return r.succeeded();
  }

  private static void run(List<String> argv) {
    run(argv, true);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    if (manager != null) {
      manager.destroy();
    }
    Path pid = dir.resolve("ssh/sshd.pid");
    try {
      if (Files.exists(pid)) {
        ProcessHandle.of(Long.parseLong(Files.readString(pid).trim()))
            .ifPresent(ProcessHandle::destroy);
      }
    } catch (IOException | NumberFormatException ignored) {
      // the process below goes too
    }
    sshd.descendants().forEach(ProcessHandle::destroy);
    sshd.destroy();
  }
}
