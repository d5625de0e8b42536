package eu.art32.latency;

import eu.art32.Art32Exception;
import eu.art32.config.NodeConfig;
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

/**
 * Takes round-trip samples to a node: a TCP connect (SYN to SYN-ACK, one network round trip) or
 * {@code SELECT 1} on an open connection (one request and its answer). Warm-up samples are taken
 * and dropped first; failures are counted, never turned into numbers.
 */
public final class RttSampler {
  /** Samples in milliseconds and how many attempts failed. */
  public record Samples(List<Double> ms, int failures, String lastError) {
    public Samples {
      ms = List.copyOf(ms);
    }
  }

  private final int samples;
  private final int warmup;

  public RttSampler(int samples, int warmup) {
    this.samples = samples;
    this.warmup = warmup;
  }

  /**
   * TCP connect samples; after three failures in a row the rest are counted as failed without
   * waiting for each one's timeout (a cut-off node must not hold the audit for minutes).
   */
  public Samples tcp(String host, int port) {
    List<Double> ms = new ArrayList<>();
    int failures = 0;
    int consecutive = 0;
    String error = null;
    for (int i = 0; i < warmup + samples; i++) {
      long start = System.nanoTime();
      try (Socket socket = new Socket()) {
        socket.setSoLinger(true, 0);
        socket.connect(new InetSocketAddress(host, port), 2_000);
        long end = System.nanoTime();
        if (i >= warmup) {
          ms.add((end - start) / 1e6);
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
    return new Samples(ms, failures, error);
  }

  public Samples sql(NodeConfig node) {
    List<Double> ms = new ArrayList<>();
    int failures = 0;
    String error = null;
    try (Connection c =
            new NodeConnector(Duration.ofSeconds(3), Duration.ofSeconds(5)).connect("node", node);
        Statement s = c.createStatement()) {
      for (int i = 0; i < warmup + samples; i++) {
        long start = System.nanoTime();
        try (ResultSet rs = s.executeQuery("SELECT 1")) {
          rs.next();
          long end = System.nanoTime();
          if (i >= warmup) {
            ms.add((end - start) / 1e6);
          }
        } catch (SQLException e) {
          if (i >= warmup) {
            failures++;
            error = e.getMessage();
          }
        }
        pause();
      }
    } catch (SQLException | Art32Exception e) {
      return new Samples(ms, samples - ms.size(), Art32Exception.firstLine(e.getMessage()));
    }
    return new Samples(ms, failures, error);
  }

  /**
   * Half a millisecond between samples: each sample is a whole round trip before the next starts,
   * so nothing queues; the gap only keeps a node answering a burst from looking faster than one
   * answering a trickle.
   */
  private static void pause() {
    java.util.concurrent.locks.LockSupport.parkNanos(500_000);
  }
}
