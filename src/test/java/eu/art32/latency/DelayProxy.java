package eu.art32.latency;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A user-space TCP proxy that holds every chunk for a fixed time in each direction, so a request
 * and its answer take {@code 2 x oneWayMillis} longer (tc netem cannot run here). The TCP handshake
 * itself is the kernel's and is not delayed.
 */
final class DelayProxy implements AutoCloseable {
  private record Chunk(byte[] bytes, long due) {}

  private final ServerSocket server;
  private final int targetPort;
  private final long delayNanos;

  DelayProxy(int targetPort, double oneWayMillis) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.targetPort = targetPort;
    this.delayNanos = (long) (oneWayMillis * 1_000_000);
    Thread.ofPlatform().daemon().name("delay-proxy-accept").start(this::accept);
  }

  int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        // closed, or the target refused: the client sees its connection drop
      }
    }
  }

  private void pump(Socket from, Socket to) throws IOException {
    LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    InputStream in = from.getInputStream();
    OutputStream out = to.getOutputStream();
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              byte[] buffer = new byte[16384];
              try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  queue.put(new Chunk(Arrays.copyOf(buffer, n), System.nanoTime() + delayNanos));
                }
              } catch (IOException | InterruptedException e) {
                // connection gone
              }
              queue.add(new Chunk(null, System.nanoTime() + delayNanos));
            });
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try {
                while (true) {
                  Chunk chunk = queue.take();
                  long wait;
                  while ((wait = chunk.due() - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                  }
                  if (chunk.bytes() == null) {
                    to.shutdownOutput();
                    return;
                  }
                  out.write(chunk.bytes());
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // connection gone
              }
            });
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
