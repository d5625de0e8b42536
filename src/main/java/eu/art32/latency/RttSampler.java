package eu.art32.latency;

import eu.art32.Art32Exception;
import eu.art32.config.NodeConfig;
import eu.art32.evidence.HostNoise;
import eu.art32.evidence.KernelRtt;
import eu.art32.topology.NodeConnector;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Takes round-trip samples to a node: a TCP connect (SYN to SYN-ACK, one network round trip) or
 * {@code SELECT 1} on an open connection (one request and its answer). Warm-up samples are taken
 * and dropped first; failures are counted, never turned into numbers. A {@link HostWatch} runs
 * beside the samples: each sample carries how long the art32 host itself may have delayed it (the
 * sampling thread's own wait for a CPU plus the time the host watch was late within the sample).
 */
public final class RttSampler {
  /**
   * Samples in milliseconds, the host delay within each (same order), how many attempts failed,
   * what the host watch saw, and the kernel's RTT of the connection (SQL samples only, else null).
   */
  public record Samples(
      List<Double> ms,
      List<Double> hostDelayMs,
      int failures,
      String lastError,
      HostNoise host,
      KernelRtt kernel) {
    public Samples {
      ms = List.copyOf(ms);
      hostDelayMs = List.copyOf(hostDelayMs);
    }
  }

  private final int samples;
  private final int warmup;

  public RttSampler(int samples, int warmup) {
    this.samples = samples;
    this.warmup = warmup;
  }

  /** The timing of kept samples, turned into milliseconds once the host watch has stopped. */
  private static final class Timings {
    private final List<long[]> kept = new ArrayList<>();
    private long ownBefore;
    private long start;

    void begin() {
      ownBefore = HostWatch.ownRunDelayNanos();
      start = System.nanoTime();
    }

    void keep() {
      long end = System.nanoTime();
      long ownAfter = HostWatch.ownRunDelayNanos();
      long own = ownBefore < 0 || ownAfter < 0 ? 0 : Math.max(0, ownAfter - ownBefore);
      kept.add(new long[] {start, end, own});
    }

    Samples samples(HostWatch watch, int failures, String error, KernelRtt kernel) {
      watch.close();
      List<Double> ms = new ArrayList<>();
      List<Double> delay = new ArrayList<>();
      for (long[] k : kept) {
        long raw = k[1] - k[0];
        ms.add(raw / 1e6);
        delay.add(Math.min(raw, k[2] + watch.lateNanosWithin(k[0], k[1])) / 1e6);
      }
      return new Samples(ms, delay, failures, error, watch.noise(), kernel);
    }
  }

  /**
   * TCP connect samples; after three failures in a row the rest are counted as failed without
   * waiting for each one's timeout (a cut-off node must not hold the audit for minutes).
   */
  public Samples tcp(String host, int port) {
    Timings timings = new Timings();
    int failures = 0;
    int consecutive = 0;
    String error = null;
    try (HostWatch watch = HostWatch.start()) {
      for (int i = 0; i < warmup + samples; i++) {
        timings.begin();
        try (Socket socket = new Socket()) {
          socket.setSoLinger(true, 0);
          socket.connect(new InetSocketAddress(host, port), 2_000);
          if (i >= warmup) {
            timings.keep();
          }
        } catch (IOException e) {
          error = e.getMessage();
          if (i >= warmup) {
            failures++;
          }
          if (++consecutive >= 3) {
            failures += warmup + samples - i - 1 - Math.max(0, warmup - i - 1);
            break;
          }
          pause();
          continue;
        }
        consecutive = 0;
        pause();
      }
      return timings.samples(watch, failures, error, null);
    }
  }

  public Samples sql(NodeConfig node) {
    Timings timings = new Timings();
    int failures = 0;
    String error = null;
    try (HostWatch watch = HostWatch.start()) {
      try (Connection c =
              new NodeConnector(Duration.ofSeconds(3), Duration.ofSeconds(5))
                  .connect("node", node);
          Statement s = c.createStatement()) {
        for (int i = 0; i < warmup + samples; i++) {
          timings.begin();
          try (ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            if (i >= warmup) {
              timings.keep();
            }
          } catch (SQLException e) {
            if (i >= warmup) {
              failures++;
              error = e.getMessage();
            }
          }
          pause();
        }
        // read while the connection is open: the kernel keeps its estimate per socket
        KernelRtt kernel = KernelRttReader.read(node.host(), node.port());
        return timings.samples(watch, failures, error, kernel);
      } catch (SQLException | Art32Exception e) {
        Samples taken = timings.samples(watch, 0, null, null);
        return new Samples(
            taken.ms(),
            taken.hostDelayMs(),
            samples - taken.ms().size(),
            Art32Exception.firstLine(e.getMessage()),
            taken.host(),
            null);
      }
    }
  }

  /**
   * Half a millisecond between samples: each sample is a whole round trip before the next starts,
   * so nothing queues; the gap only keeps a node answering a burst from looking faster than one
   * answering a trickle.
   */
  private static void pause() {
    LockSupport.parkNanos(500_000);
  }
}
