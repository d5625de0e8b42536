package eu.art32.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a failover drill runs on a pair: the fault, how the replica is promoted, how the pair is put
 * back, the canary load, the bounds on every wait, and the replication credentials art32 needs to
 * rejoin the old primary.
 */
public record DrillConfig(
    Fault fault,
    String faultCommand,
    String recoverCommand,
    Promotion promotion,
    Failback failback,
    int canaryConnections,
    String canarySchema,
    Duration warmup,
    Duration maxLag,
    Duration timeout,
    HealthCheck healthCheck,
    List<String> verifyTables,
    Replication replication,
    Endpoint endpoint,
    Duration detectTimeout,
    String manager) {

  /**
   * These settings with the fault, promotion or failback of one run in their place (null keeps the
   * configured one); a fault other than {@code command} drops the fault command.
   */
  public DrillConfig with(Fault newFault, Promotion newPromotion, Failback newFailback) {
    Fault f = newFault == null ? fault : newFault;
    return new DrillConfig(
        f,
        f == Fault.COMMAND ? faultCommand : null,
        recoverCommand,
        newPromotion == null ? promotion : newPromotion,
        newFailback == null ? failback : newFailback,
        canaryConnections,
        canarySchema,
        warmup,
        maxLag,
        timeout,
        healthCheck,
        verifyTables,
        replication,
        endpoint,
        detectTimeout,
        manager);
  }

  /** The fault injected into the primary. */
  public enum Fault {
    /** SIGKILL of the primary's server process. */
    KILL,
    /** A clean shutdown (SIGTERM). */
    STOP,
    /** SIGSTOP: a hung primary that still holds its TCP port. */
    FREEZE,
    /** The primary's port blocked with iptables. */
    PARTITION,
    /** The user's own command. */
    COMMAND
  }

  /** How the replica becomes the primary. */
  public enum Promotion {
    /** Stop and reset replication, turn read_only off. */
    BUILTIN,
    /** The pair's runbook steps, in order, each timed. */
    RUNBOOK,
    /**
     * A failover manager (MHA, orchestrator, ...) promotes on its own; art32 injects the fault and
     * watches, for at most detectTimeout.
     */
    EXTERNAL
  }

  /** How the pair is made whole again after the drill. */
  public enum Failback {
    /** Old primary resynced from the promoted node, then the original roles restored. */
    RESTORE,
    /** Old primary rejoins as the replica of the promoted node. */
    SWAP
  }

  /** An application health check run after the first canary write. */
  public record HealthCheck(Kind kind, String target, Duration timeout) {
    public enum Kind {
      SQL,
      TCP,
      HTTP
    }

    public HealthCheck {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(timeout, "timeout");
    }
  }

  /**
   * The replication account and the host names the servers use for each other (which may differ
   * from the names art32 uses to reach them). Null host: taken from the replica's status.
   */
  public record Replication(String user, Secret password, String primaryHost, String replicaHost) {
    public Replication {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
    }
  }

  /**
   * What the application connects to (a DNS name, a virtual IP, a proxy): the canary writes through
   * it for the whole drill, so the RTO is the application's.
   */
  public record Endpoint(String host, int port) {
    public Endpoint {
      Objects.requireNonNull(host, "host");
    }

    public String address() {
      return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
  }

  public DrillConfig {
    Objects.requireNonNull(fault, "fault");
    Objects.requireNonNull(promotion, "promotion");
    Objects.requireNonNull(failback, "failback");
    Objects.requireNonNull(canarySchema, "canarySchema");
    Objects.requireNonNull(warmup, "warmup");
    Objects.requireNonNull(maxLag, "maxLag");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(detectTimeout, "detectTimeout");
    verifyTables = List.copyOf(verifyTables);
  }

  /** The drill of a pair that sets nothing: kill, built-in promotion unless a runbook exists. */
  public static DrillConfig defaults(boolean hasRunbook) {
    return new DrillConfig(
        Fault.KILL,
        null,
        null,
        hasRunbook ? Promotion.RUNBOOK : Promotion.BUILTIN,
        Failback.RESTORE,
        1,
        "art32_canary",
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofMinutes(10),
        null,
        List.of(),
        null,
        null,
        Duration.ofSeconds(60),
        null);
  }
}
