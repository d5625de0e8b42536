package eu.art32.drill;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real HAProxy (Debian's haproxy) in TCP mode in front of a pair, as the application's endpoint:
 * backend {@code db} with server {@code primary} enabled and {@code dr} disabled, and an admin
 * socket for the runtime API that a runbook step (through socat) or the test switches.
 */
final class HaProxy implements AutoCloseable {
  final int port;
  final Path socket;
  private final Process process;

  private HaProxy(int port, Path socket, Process process) {
    this.port = port;
    this.socket = socket;
    this.process = process;
  }

  /** Whether haproxy and socat (which the runbook steps use) are installed. */
  static boolean available() {
    return eu.art32.Shell.run(
            List.of("sh", "-c", "command -v haproxy && command -v socat"),
            Duration.ofSeconds(10),
            Map.of())
        .succeeded();
  }

  /**
   * Starts HAProxy in the foreground; {@code user}, when not null, is the account it drops to (so
   * that a rule matching root's packets leaves its own alone).
   */
  static HaProxy start(Path dir, int primaryPort, int drPort, String user) throws Exception {
    Files.createDirectories(dir);
    int port = freePort();
    Path socket = dir.resolve("admin.sock");
    Files.deleteIfExists(socket);
    Path config = dir.resolve("haproxy.cfg");
    Files.writeString(
        config,
        "global\n"
            + "  stats socket "
            + socket
            + " mode 600 level admin\n"
            + (user == null ? "" : "  user " + user + "\n")
            + "defaults\n"
            + "  mode tcp\n"
            + "  timeout connect 2s\n"
            + "  timeout client 1m\n"
            + "  timeout server 1m\n"
            + "frontend app\n"
            + "  bind 127.0.0.1:"
            + port
            + "\n"
            + "  default_backend db\n"
            + "backend db\n"
            + "  server primary 127.0.0.1:"
            + primaryPort
            + "\n"
            + "  server dr 127.0.0.1:"
            + drPort
            + " disabled\n");
    Process process =
        new ProcessBuilder("haproxy", "-db", "-f", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("haproxy.log").toFile())
            .start();
    HaProxy proxy = new HaProxy(port, socket, process);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!proxy.ready()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        proxy.close();
        throw new IllegalStateException(
            "haproxy did not start: " + Files.readString(dir.resolve("haproxy.log")));
      }
      Thread.sleep(50);
    }
    return proxy;
  }

  private boolean ready() {
    if (!Files.exists(socket)) {
      return false;
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** One runtime API command on the admin socket, and its answer. */
  String admin(String command) {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
      ByteBuffer buffer = ByteBuffer.allocate(65536);
      StringBuilder answer = new StringBuilder();
      while (channel.read(buffer) > 0) {
        buffer.flip();
        answer.append(StandardCharsets.UTF_8.decode(buffer));
        buffer.clear();
      }
      return answer.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** New connections go to the named server ("primary" or "dr") only. */
  void pointAt(String server) {
    String other = server.equals("primary") ? "dr" : "primary";
    admin("enable server db/" + server);
    admin("disable server db/" + other);
    admin("shutdown sessions server db/" + other);
  }

  /** A shell command line that sends these runtime API commands, as a runbook step would. */
  String shellCommands(String... commands) {
    StringBuilder line = new StringBuilder();
    for (String command : commands) {
      if (line.length() > 0) {
        line.append(" && ");
      }
      line.append("echo '").append(command).append("' | socat stdio UNIX-CONNECT:").append(socket);
    }
    return line.toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
