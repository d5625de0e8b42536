package eu.art32.drill;

import eu.art32.EnvironmentException;
import eu.art32.Shell;
import eu.art32.topology.Addresses;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A database server process on this host: found through the server's own {@code @@pid_file} and
 * checked against {@code /proc}, so a local fault signals exactly the process behind the port. Its
 * command line and working directory are kept so it can be started again after a kill.
 */
record LocalServer(long pid, List<String> command, String cwd, String host, int port) {
  LocalServer {
    command = List.copyOf(command);
  }

  /** The server behind {@code node} when it runs on this host, else empty. */
  static Optional<LocalServer> find(DrillNode node) {
    if (!Addresses.isLocal(node.config().host())) {
      return Optional.empty();
    }
    String pidFile = node.string("SELECT @@GLOBAL.pid_file");
    Path path = Path.of(pidFile);
    if (!path.isAbsolute()) {
      path = Path.of(node.string("SELECT @@GLOBAL.datadir")).resolve(path);
    }
    try {
      long pid = Long.parseLong(Files.readString(path).trim());
      Path proc = Path.of("/proc", Long.toString(pid));
      List<String> command =
          Arrays.stream(
                  new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                      .split("\0"))
              .filter(a -> !a.isEmpty())
              .toList();
      String executable = command.isEmpty() ? "" : Path.of(command.get(0)).getFileName().toString();
      if (!executable.equals("mariadbd") && !executable.equals("mysqld")) {
        throw new EnvironmentException(
            node
                + ": pid file "
                + path
                + " names process "
                + pid
                + " ("
                + executable
                + "), not mariadbd or mysqld");
      }
      String cwd = Files.readSymbolicLink(proc.resolve("cwd")).toString();
      return Optional.of(
          new LocalServer(pid, command, cwd, node.config().host(), node.config().port()));
    } catch (IOException | NumberFormatException e) {
      throw new EnvironmentException(
          node
              + " runs on this host but its process cannot be read through "
              + path
              + " and /proc: "
              + e.getMessage(),
          e);
    }
  }

  /** Whether anything accepts TCP connections on the server's port. */
  boolean listening() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  boolean alive() {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** SIGKILL straight from the JVM, without starting a process first. */
  void kill() {
    boolean sent = ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false);
    if (!sent) {
      throw new EnvironmentException("cannot send SIGKILL to process " + pid);
    }
  }

  void signal(String signal) {
    Shell.Result result =
        Shell.run(
            List.of("kill", "-" + signal, Long.toString(pid)), Duration.ofSeconds(5), Map.of());
    if (!result.succeeded()) {
      throw new EnvironmentException("kill -" + signal + " " + pid + " failed: " + result.output());
    }
  }

  /** Waits for the process to exit; false if it is still there after {@code timeout}. */
  boolean awaitExit(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (alive() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return !alive();
  }

  /**
   * The command that starts the server again: the same command line without a one-time {@code
   * --init-file}, and with the {@code fence} options (the dialect's) so the old primary comes back
   * fenced.
   */
  List<String> restartCommand(List<String> fence) {
    List<String> argv = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      argv.add("/usr/bin/setsid");
    }
    for (String arg : command) {
      if (!arg.startsWith("--init-file")
          && !arg.startsWith("--read-only")
          && !arg.startsWith("--super-read-only")) {
        argv.add(arg);
      }
    }
    int insertAt = argv.size();
    for (int i = 0; i < argv.size(); i++) {
      if (argv.get(i).startsWith("--defaults-file") || argv.get(i).startsWith("--no-defaults")) {
        insertAt = i + 1;
      }
    }
    argv.addAll(insertAt, fence);
    return argv;
  }

  /** Starts the server again, detached from art32, and returns the new process's handle. */
  void restart(List<String> fence) {
    List<String> argv = restartCommand(fence);
    try {
      new ProcessBuilder(argv)
          .directory(new File(cwd))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
    } catch (IOException e) {
      throw new EnvironmentException(
          "cannot start "
              + argv.get(argv.size() > 1 && argv.get(0).endsWith("setsid") ? 1 : 0)
              + " again: "
              + e.getMessage(),
          e);
    }
  }
}
