package eu.art32.drill;

import eu.art32.EnvironmentException;
import eu.art32.config.NodeConfig;
import eu.art32.config.Secret;
import eu.art32.topology.NodeConnector;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sequence-numbered commits into art32's own canary table, from one or more connections, for the
 * whole drill: on the primary until it stops acknowledging, then on the promoted node from the
 * moment promotion ends, retrying every millisecond until a write commits. Every acknowledged
 * commit is recorded with its monotonic and wall time. The canary account has only INSERT and
 * SELECT on the canary schema, so read_only stops it as it stops an application.
 */
final class CanaryLoad implements AutoCloseable {
  /**
   * One commit the server acknowledged: {@code nanos} when the acknowledgement was seen, {@code
   * sentNanos} when the commit was sent; the server committed it in between, however late a busy
   * host ran the canary. {@code promoted}: the promoted node acknowledged it. {@code serverId}: the
   * server_id of the node that acknowledged a commit sent through the endpoint (null: sent to a
   * node directly).
   */
  record Ack(
      long seq, long sentNanos, long nanos, long wallMillis, boolean promoted, String serverId) {
    Ack(long seq, long sentNanos, long nanos, long wallMillis, boolean promoted) {
      this(seq, sentNanos, nanos, wallMillis, promoted, null);
    }

    /** An acknowledgement whose send time is not known apart (tests). */
    Ack(long seq, long nanos, long wallMillis, boolean promoted) {
      this(seq, nanos, nanos, wallMillis, promoted, null);
    }

    boolean throughEndpoint() {
      return serverId != null;
    }
  }

  /**
   * The application's endpoint as the canary uses it: the canary account at its address, and the
   * server_ids that tell which node a connection through it reached.
   */
  record Endpoint(NodeConfig node, String primaryId, String replicaId) {}

  static final String USER = "art32_canary";
  static final String TABLE = "canary";

  private enum Phase {
    PRIMARY,
    WAITING,
    PROMOTED,
    STOPPED
  }

  private final String drillId;
  private final String schema;
  private final NodeConfig primary;
  private final NodeConfig promoted;
  private final NodeConnector connector;
  private final int connections;
  private final Endpoint endpoint;
  private final boolean watchFromTheFault;
  private final NodeConnector endpointConnector =
      new NodeConnector(Duration.ofSeconds(2), Duration.ofSeconds(5));
  private final AtomicLong firstEndpointNanos = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong endpointAttempts = new AtomicLong();
  private volatile String lastEndpointError;
  private final AtomicLong sequence = new AtomicLong();
  private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Connection> primaryConnections =
      new ConcurrentLinkedQueue<>();
  private final AtomicLong firstPromotedNanos = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong promotedAttempts = new AtomicLong();
  private final List<Thread> writers = new ArrayList<>();
  private volatile Phase phase = Phase.PRIMARY;
  private volatile String lastError;

  CanaryLoad(
      String drillId,
      String schema,
      NodeConfig primaryAdmin,
      NodeConfig replicaAdmin,
      Secret password,
      NodeConnector connector,
      int connections,
      boolean watchFromTheFault,
      Endpoint endpoint) {
    this.drillId = drillId;
    this.schema = schema;
    this.primary = asCanary(primaryAdmin, password);
    this.promoted = asCanary(replicaAdmin, password);
    this.connector = connector;
    this.connections = connections;
    this.watchFromTheFault = watchFromTheFault || endpoint != null;
    this.endpoint =
        endpoint == null
            ? null
            : new Endpoint(
                asCanary(endpoint.node(), password), endpoint.primaryId(), endpoint.replicaId());
  }

  private static NodeConfig asCanary(NodeConfig admin, Secret password) {
    return new NodeConfig(
        admin.host(), admin.port(), USER, password, admin.tls(), admin.caFile(), admin.site());
  }

  /** The statements that create the canary schema, table and account on the primary. */
  static List<String> setupSql(String schema, List<String> clientHosts, String password) {
    List<String> sql = new ArrayList<>();
    sql.add("CREATE DATABASE `" + schema + "`");
    sql.add(
        "CREATE TABLE `"
            + schema
            + "`."
            + TABLE
            + " (seq BIGINT PRIMARY KEY, writer INT NOT NULL, drill VARCHAR(40) NOT NULL,"
            + " written_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)) ENGINE=InnoDB");
    for (String host : clientHosts) {
      sql.add("CREATE USER '" + USER + "'@'" + host + "' IDENTIFIED BY '" + password + "'");
      sql.add("GRANT INSERT, SELECT ON `" + schema + "`.* TO '" + USER + "'@'" + host + "'");
    }
    return sql;
  }

  /** The statements that remove everything {@link #setupSql} created. */
  static List<String> cleanupSql(String schema, List<String> clientHosts) {
    List<String> sql = new ArrayList<>();
    sql.add("DROP DATABASE IF EXISTS `" + schema + "`");
    for (String host : clientHosts) {
      sql.add("DROP USER IF EXISTS '" + USER + "'@'" + host + "'");
    }
    return sql;
  }

  /**
   * Starts the writers. Without an endpoint, {@code connections} write to the primary and then to
   * the promoted node. With one, {@code connections} write through the endpoint for the whole drill
   * and one more writes to the nodes directly, knocking on the replica from the fault on, so the
   * moment the promoted node itself accepts writes is known apart from the endpoint's.
   */
  void start() {
    int direct = endpoint == null ? connections : 1;
    for (int i = 0; i < direct; i++) {
      int writer = i + 1;
      Connection connection = connector.connect("primary (canary)", primary);
      primaryConnections.add(connection);
      Thread thread =
          Thread.ofPlatform()
              .name("art32-canary-" + writer)
              .daemon()
              .start(() -> write(writer, connection));
      writers.add(thread);
    }
    if (endpoint != null) {
      for (int i = 0; i < connections; i++) {
        int writer = direct + i + 1;
        Connection connection = endpointConnector.connect("endpoint (canary)", endpoint.node());
        Thread thread =
            Thread.ofPlatform()
                .name("art32-canary-endpoint-" + writer)
                .daemon()
                .start(() -> writeThroughEndpoint(writer, connection));
        writers.add(thread);
      }
    }
  }

  /**
   * Writes through the endpoint as an application does, from the warm-up to the end: after an error
   * the connection is dropped and a new one opened (the name resolved again), and each new
   * connection reads which node it reached.
   */
  private void writeThroughEndpoint(int writer, Connection first) {
    String insert =
        "INSERT INTO `" + schema + "`." + TABLE + " (seq, writer, drill) VALUES (?, ?, ?)";
    Connection connection = first;
    PreparedStatement ps = null;
    String serverId = null;
    while (phase != Phase.STOPPED) {
      try {
        if (connection == null) {
          connection = endpointConnector.connect("endpoint (canary)", endpoint.node());
        }
        if (ps == null) {
          serverId = serverId(connection);
          ps = connection.prepareStatement(insert);
        }
        long seq = sequence.incrementAndGet();
        ps.setLong(1, seq);
        ps.setInt(2, writer);
        ps.setString(3, drillId);
        endpointAttempts.incrementAndGet();
        long sent = System.nanoTime();
        ps.executeUpdate();
        long now = System.nanoTime();
        boolean onPromoted = serverId.equals(endpoint.replicaId());
        acks.add(new Ack(seq, sent, now, System.currentTimeMillis(), onPromoted, serverId));
        if (onPromoted) {
          firstEndpointNanos.compareAndSet(Long.MIN_VALUE, now);
        }
      } catch (SQLException | EnvironmentException e) {
        lastEndpointError = e.getMessage();
        closeQuietly(connection);
        connection = null;
        ps = null;
        sleep(1);
      }
    }
    closeQuietly(connection);
  }

  private static String serverId(Connection connection) throws SQLException {
    try (var s = connection.createStatement();
        var rs = s.executeQuery("SELECT @@GLOBAL.server_id")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private void write(int writer, Connection onPrimary) {
    String insert =
        "INSERT INTO `" + schema + "`." + TABLE + " (seq, writer, drill) VALUES (?, ?, ?)";
    try (PreparedStatement ps = onPrimary.prepareStatement(insert)) {
      while (phase == Phase.PRIMARY) {
        long seq = sequence.incrementAndGet();
        ps.setLong(1, seq);
        ps.setInt(2, writer);
        ps.setString(3, drillId);
        long sent = System.nanoTime();
        ps.executeUpdate();
        acks.add(new Ack(seq, sent, System.nanoTime(), System.currentTimeMillis(), false));
      }
    } catch (SQLException | RuntimeException e) {
      lastError = e.getMessage();
    }
    closeQuietly(onPrimary);
    // beside an endpoint, or while a failover manager promotes, this writer knocks on the replica
    // from the fault on; otherwise it switches when art32's promotion ends, as the application
    // would
    while (phase == Phase.PRIMARY || (phase == Phase.WAITING && !watchFromTheFault)) {
      sleep(1);
    }
    Connection connection = null;
    PreparedStatement ps = null;
    while (phase == Phase.PROMOTED || phase == Phase.WAITING) {
      try {
        if (connection == null) {
          connection = connector.connect("promoted node (canary)", promoted);
          ps = connection.prepareStatement(insert);
        }
        long seq = sequence.incrementAndGet();
        ps.setLong(1, seq);
        ps.setInt(2, writer);
        ps.setString(3, drillId);
        promotedAttempts.incrementAndGet();
        long sent = System.nanoTime();
        ps.executeUpdate();
        long now = System.nanoTime();
        acks.add(new Ack(seq, sent, now, System.currentTimeMillis(), true));
        firstPromotedNanos.compareAndSet(Long.MIN_VALUE, now);
      } catch (SQLException | EnvironmentException e) {
        lastError = e.getMessage();
        if (!(e instanceof SQLException sql)
            || sql.getSQLState() == null
            || sql.getSQLState().startsWith("08")) {
          closeQuietly(connection);
          connection = null;
        }
        sleep(1);
      }
    }
    closeQuietly(connection);
  }

  /**
   * Stops writing to the primary: connections blocked in a commit on a frozen or cut-off primary
   * are aborted, so no writer waits on it.
   */
  void abandonPrimary() {
    if (phase == Phase.PRIMARY) {
      phase = Phase.WAITING;
    }
    var executor = Executors.newSingleThreadExecutor();
    for (Connection connection : primaryConnections) {
      try {
        connection.abort(executor);
      } catch (SQLException e) {
        lastError = e.getMessage();
      }
    }
    executor.shutdown();
  }

  /** Writers now retry on the promoted node until a commit succeeds, and go on writing. */
  void switchToPromoted() {
    phase = Phase.PROMOTED;
  }

  /**
   * The monotonic time of the first commit on the promoted node, waiting at most {@code millis}.
   */
  long awaitFirstPromotedCommit(long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (firstPromotedNanos.get() == Long.MIN_VALUE && System.nanoTime() < deadline) {
      sleep(1);
    }
    return firstPromotedNanos.get();
  }

  /**
   * The monotonic time of the first commit through the endpoint that the promoted node
   * acknowledged, waiting at most {@code millis}; {@link Long#MIN_VALUE} without an endpoint.
   */
  long awaitFirstEndpointCommit(long millis) {
    if (endpoint == null) {
      return Long.MIN_VALUE;
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (firstEndpointNanos.get() == Long.MIN_VALUE && System.nanoTime() < deadline) {
      sleep(1);
    }
    return firstEndpointNanos.get();
  }

  /** Writes tried through the endpoint, refused or not. */
  long endpointAttempts() {
    return endpointAttempts.get();
  }

  String lastEndpointError() {
    return lastEndpointError;
  }

  boolean hasEndpoint() {
    return endpoint != null;
  }

  /** Writes tried on the promoted node, refused or not: how often the canary knocked. */
  long promotedAttempts() {
    return promotedAttempts.get();
  }

  String lastError() {
    return lastError;
  }

  List<Ack> acks() {
    return List.copyOf(acks);
  }

  long ackedOnPrimary() {
    return acks.stream().filter(a -> !a.promoted()).count();
  }

  /** Acknowledgements through the endpoint by the node with this server_id. */
  long ackedThroughEndpointBy(String serverId) {
    return acks.stream().filter(a -> serverId.equals(a.serverId())).count();
  }

  void stop() {
    Phase before = phase;
    phase = Phase.STOPPED;
    if (before == Phase.PRIMARY) {
      abandonPrimary();
      phase = Phase.STOPPED;
    }
    for (Thread writer : writers) {
      try {
        writer.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    stop();
  }

  static void closeQuietly(Connection connection) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException | RuntimeException ignored) {
      // the connection is gone either way
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
