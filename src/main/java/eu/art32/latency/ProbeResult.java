package eu.art32.latency;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import eu.art32.Art32Exception;
import eu.art32.EnvironmentException;
import eu.art32.config.NodeConfig;
import eu.art32.evidence.HostNoise;
import eu.art32.evidence.KernelRtt;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Collections;
import java.util.List;

/**
 * What {@code art32 probe} measures and prints as JSON: TCP connect samples to a target and, with
 * credentials, SQL round trips. The audit runs the probe on the primary's host and reads this back.
 */
public record ProbeResult(String from, String target, Level tcp, Level sql) {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * Samples of one level, with the probe host's own delay within each sample, what its host watch
   * saw and the kernel's RTT (see {@link RttSampler.Samples}). A probe of an older art32 has none
   * of the last three: its samples count as undistorted.
   */
  public record Level(
      List<Double> samplesMs,
      List<Double> hostDelayMs,
      int failures,
      String lastError,
      HostNoise host,
      KernelRtt kernel) {
    public Level {
      samplesMs = List.copyOf(samplesMs);
      hostDelayMs =
          hostDelayMs == null || hostDelayMs.size() != samplesMs.size()
              ? Collections.nCopies(samplesMs.size(), 0.0)
              : List.copyOf(hostDelayMs);
    }

    static Level of(RttSampler.Samples s) {
      return new Level(s.ms(), s.hostDelayMs(), s.failures(), s.lastError(), s.host(), s.kernel());
    }
  }

  /** Probes {@code host:port}; SQL samples too when {@code sqlNode} (credentials) is given. */
  public static ProbeResult probe(
      String host, int port, int samples, int warmup, NodeConfig sqlNode) {
    RttSampler tcpSampler = new RttSampler(Math.min(samples, LatencyAudit.MAX_TCP_SAMPLES), warmup);
    RttSampler sqlSampler = new RttSampler(samples, warmup);
    return new ProbeResult(
        hostName(),
        host + ":" + port,
        Level.of(tcpSampler.tcp(host, port)),
        sqlNode == null ? null : Level.of(sqlSampler.sql(sqlNode)));
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ProbeResult parse(String json, String what) {
    try {
      int start = json.indexOf('{');
      return JSON.readValue(start < 0 ? json : json.substring(start), ProbeResult.class);
    } catch (IOException e) {
      throw new EnvironmentException(
          what + " did not print art32 probe JSON: " + Art32Exception.firstLine(e.getMessage()), e);
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
