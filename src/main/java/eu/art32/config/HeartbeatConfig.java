package eu.art32.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The heartbeat that measures replication lag during an audit: a row in {@code schema} on the
 * primary updated every {@code interval}, read back on the replica, for at least {@code window}.
 */
public record HeartbeatConfig(boolean enabled, Duration interval, Duration window, String schema) {
  public static final HeartbeatConfig DEFAULTS =
      new HeartbeatConfig(true, Duration.ofMillis(100), Duration.ofSeconds(3), "art32_heartbeat");

  public HeartbeatConfig {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(schema, "schema");
  }
}
