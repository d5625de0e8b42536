package eu.art32.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The recovery objectives a pair is held to: the data-loss window (RPO), the time to the first
 * committed write after a fault (RTO), and the primary-to-DR round trip at a percentile.
 */
public record Objectives(Duration rpo, Duration rto, Duration latency, int latencyPercentile) {
  public Objectives {
    Objects.requireNonNull(rpo, "rpo");
    Objects.requireNonNull(rto, "rto");
    Objects.requireNonNull(latency, "latency");
  }
}
