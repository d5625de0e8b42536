package eu.art32.lag;

import eu.art32.Art32Exception;
import eu.art32.ExitCode;
import eu.art32.config.HeartbeatConfig;
import eu.art32.config.NodeConfig;
import eu.art32.evidence.LagEvidence;
import eu.art32.evidence.LatencyEvidence;
import eu.art32.latency.HostWatch;
import eu.art32.latency.LatencyStatsCalculator;
import eu.art32.topology.Dialect;
import eu.art32.topology.NodeConnector;
import eu.art32.topology.TopologyProbe;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures replication lag the way pt-heartbeat does, but on one clock: a writer updates one row
 * (keyed by a random id of this run, so audits of several pairs on one server do not mix, and
 * deleted at the end) every interval and keeps the time each update was acknowledged; a reader
 * polls the row on the replica and, for every sequence number it sees, records how long ago the
 * primary acknowledged it; between polls, four times a second, the reader also reads the server's
 * own lag figure on the same connection. Runs in the background from {@link #start} until {@link
 * #finish}, so it measures lag while the rest of the audit loads the servers.
 */
public final class Heartbeat implements AutoCloseable {
  private static final long MIN_POLL_NANOS = 2_000_000;
  private static final long MAX_POLL_NANOS = 10_000_000;
  private static final long SERVER_SAMPLE_NANOS = 250_000_000;

  /** Beyond the window, how long the writer may take to get its first heartbeat acknowledged. */
  private static final long FIRST_WRITE_NANOS = 60_000_000_000L;

  private final HeartbeatConfig config;
  private final NodeConfig primaryNode;
  private final NodeConfig replicaNode;
  private final NodeConnector connector;
  private final String table;
  private final long pollNanos;
  private final List<Long> acks = new ArrayList<>();
  private final List<Double> lags = new ArrayList<>();
  private final List<Double> lowerLags = new ArrayList<>();
  private final List<Long> serverLags = new ArrayList<>();
  private volatile boolean stopping;
  private volatile boolean readerDone;
  private volatile String failure;
  private volatile long lastPollStart;
  private HostWatch watch;
  private int serverNulls;
  private long startNanos;
  private long firstSeq;
  private final long id = 1 + new SecureRandom().nextLong(Long.MAX_VALUE - 1);
  private long seenUpTo;
  private Thread writer;
  private Thread reader;

  public Heartbeat(
      HeartbeatConfig config, NodeConfig primary, NodeConfig replica, NodeConnector connector) {
    this.config = config;
    this.primaryNode = primary;
    this.replicaNode = replica;
    this.connector = connector;
    this.table = "`" + config.schema() + "`.`heartbeat`";
    // a tenth of the interval, 2..10 ms: enough resolution for lag objectives in seconds without
    // loading the replica (pt-heartbeat checks once a second)
    this.pollNanos =
        Math.max(MIN_POLL_NANOS, Math.min(MAX_POLL_NANOS, config.interval().toNanos() / 10));
  }

  /**
   * Creates the heartbeat table when missing and starts the threads; throws an {@link
   * Art32Exception} with the server's reason when the primary refuses the write (read-only, no
   * privilege).
   */
  public void start(Dialect dialect) {
    try (Connection c = connector.connect("primary (heartbeat)", primaryNode);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE IF NOT EXISTS `" + config.schema() + "`");
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + table
              + " (id BIGINT UNSIGNED NOT NULL PRIMARY KEY, server_id INT UNSIGNED NOT NULL,"
              + " seq BIGINT UNSIGNED NOT NULL, ts VARCHAR(32) NOT NULL) ENGINE=InnoDB");
      firstSeq = 1;
    } catch (SQLException e) {
      throw new HeartbeatException(
          "the primary refused the heartbeat table " + table + ": " + firstLine(e), e);
    }
    seenUpTo = firstSeq - 1;
    startNanos = System.nanoTime();
    lastPollStart = startNanos;
    // the lag's lower bound comes from the polls; the watch only tells the report how busy the
    // host was, so it wakes every 10 ms (a fleet runs a heartbeat per pair at once)
    watch = HostWatch.start(10_000_000);
    writer = Thread.ofPlatform().daemon().name("art32-heartbeat-writer").start(this::write);
    reader = Thread.ofPlatform().daemon().name("art32-heartbeat-reader").start(() -> read(dialect));
  }

  /**
   * Waits until the configured window has passed, stops writing, gives the last heartbeats up to
   * {@code grace} to arrive, and returns the evidence.
   */
  public LagEvidence finish(long graceMillis) {
    // the window counts from the first acknowledged write: a primary slow to accept the writer's
    // connection on a busy host shortens nothing; a writer that never gets one through is a reason
    long firstWriteBy = startNanos + config.window().toNanos() + FIRST_WRITE_NANOS;
    while (failure == null) {
      Long first = firstAck();
      long end = first == null ? firstWriteBy : first + config.window().toNanos();
      long now = System.nanoTime();
      if (now >= end) {
        if (first == null) {
          failure =
              "the primary acknowledged no heartbeat write within "
                  + (FIRST_WRITE_NANOS + config.window().toNanos()) / 1_000_000_000
                  + " s of the start";
        }
        break;
      }
      LockSupport.parkNanos(Math.min(50_000_000, end - now));
    }
    stopping = true;
    join(writer);
    long graceEnd = System.nanoTime() + graceMillis * 1_000_000;
    while (System.nanoTime() < graceEnd && unseenCount() > 0 && failure == null) {
      LockSupport.parkNanos(pollNanos);
    }
    readerDone = true;
    join(reader);
    watch.close();
    removeRow();
    if (failure != null) {
      throw new HeartbeatException(failure, null);
    }
    synchronized (this) {
      int unseen = unseenCount();
      long oldestUnseen = unseen == 0 ? 0 : acks.get(acks.size() - unseen);
      double unseenMin = unseen == 0 ? 0 : (System.nanoTime() - oldestUnseen) / 1e6;
      // not seen by the last poll: it had been waiting at least since before that poll began
      double unseenLower = unseen == 0 ? 0 : Math.max(0, lastPollStart - oldestUnseen) / 1e6;
      LatencyEvidence.Stats stats = LatencyStatsCalculator.of(lags, 0);
      Long serverMax = serverLags.stream().max(Long::compare).orElse(null);
      return new LagEvidence(
          config.schema() + ".heartbeat",
          (int) config.interval().toMillis(),
          (System.nanoTime() - startNanos) / 1_000_000,
          pollNanos / 1e6,
          acks.size(),
          unseen,
          Math.round(unseenMin * 1000) / 1000.0,
          stats,
          new LagEvidence.ServerFigure(
              "Seconds_Behind_Master", serverMax, serverLags.size() + serverNulls, serverNulls),
          LatencyStatsCalculator.of(lowerLags, 0),
          Math.round(unseenLower * 1000) / 1000.0,
          watch.noise());
    }
  }

  private synchronized Long firstAck() {
    return acks.isEmpty() ? null : acks.get(0);
  }

  private synchronized int unseenCount() {
    return (int) Math.max(0, acks.size() - (seenUpTo - firstSeq + 1));
  }

  private void write() {
    String sql =
        "INSERT INTO "
            + table
            + " (id, server_id, seq, ts) VALUES (?, @@server_id, ?,"
            + " DATE_FORMAT(NOW(6), '%Y-%m-%d %H:%i:%s.%f'))"
            + " ON DUPLICATE KEY UPDATE seq = VALUES(seq), ts = VALUES(ts)";
    long interval = config.interval().toNanos();
    try (Connection c = connector.connect("primary (heartbeat)", primaryNode);
        PreparedStatement insert = c.prepareStatement(sql)) {
      long next = System.nanoTime();
      long seq = firstSeq;
      while (!stopping) {
        insert.setLong(1, id);
        insert.setLong(2, seq);
        insert.executeUpdate();
        long acked = System.nanoTime();
        synchronized (this) {
          acks.add(acked);
        }
        seq++;
        next += interval;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        } else {
          next = System.nanoTime();
        }
      }
    } catch (SQLException | Art32Exception e) {
      failure = "heartbeat write on the primary failed: " + firstLine(e);
    }
  }

  private void read(Dialect dialect) {
    try (Connection c = connector.connect("replica (heartbeat)", replicaNode);
        PreparedStatement select =
            c.prepareStatement("SELECT seq FROM " + table + " WHERE id = ?");
        Statement status = c.createStatement()) {
      select.setLong(1, id);
      boolean serverFigure = true;
      long nextServerSample = System.nanoTime();
      long previousStart = System.nanoTime();
      while (!readerDone) {
        long seq = -1;
        long pollStart = System.nanoTime();
        try (ResultSet rs = select.executeQuery()) {
          if (rs.next()) {
            seq = rs.getLong(1);
          }
        }
        long now = System.nanoTime();
        synchronized (this) {
          long known = firstSeq + acks.size() - 1;
          for (long s = seenUpTo + 1; s <= Math.min(seq, known); s++) {
            long acked = acks.get((int) (s - firstSeq));
            lags.add(Math.max(0, now - acked) / 1e6);
            // the previous poll did not see it: it arrived after that poll began at the earliest,
            // however late a busy host ran this poll
            lowerLags.add(Math.max(0, previousStart - acked) / 1e6);
            seenUpTo = s;
          }
        }
        previousStart = pollStart;
        lastPollStart = pollStart;
        if (serverFigure && now >= nextServerSample) {
          serverFigure = sampleServer(status, dialect);
          nextServerSample = now + SERVER_SAMPLE_NANOS;
        }
        LockSupport.parkNanos(pollNanos);
      }
    } catch (SQLException | Art32Exception e) {
      if (!readerDone) {
        failure = "heartbeat read on the replica failed: " + firstLine(e);
      }
    }
  }

  /**
   * One reading of the server's lag figure; false when it cannot be read (no privilege, not a
   * replica), after which it is not asked again: the figure is context for the heartbeat.
   */
  private boolean sampleServer(Statement status, Dialect dialect) {
    try {
      String value = TopologyProbe.replicaStatus(status, dialect).get("Seconds_Behind_Master");
      synchronized (this) {
        if (value == null || value.isBlank()) {
          serverNulls++;
        } else {
          serverLags.add(Long.parseLong(value.trim()));
        }
      }
      return true;
    } catch (SQLException | NumberFormatException e) {
      return false;
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The run's row goes once the reader is done, so the table holds only running heartbeats. */
  private void removeRow() {
    try (Connection c = connector.connect("primary (heartbeat)", primaryNode);
        PreparedStatement delete = c.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
      delete.setLong(1, id);
      delete.executeUpdate();
    } catch (SQLException | Art32Exception e) {
      // a leftover row of a finished run harms nothing; the next run uses its own id
    }
  }

  /** The first line of the reason; a server that did not answer in time says so. */
  private static String firstLine(Exception e) {
    String line = Art32Exception.firstLine(e.getMessage());
    for (Throwable c = e; c != null && c.getCause() != c; c = c.getCause()) {
      if (c instanceof SocketTimeoutException) {
        return "timed out waiting for the server (" + line + ")";
      }
    }
    return line;
  }

  @Override
  public void close() {
    stopping = true;
    readerDone = true;
    if (watch != null) {
      watch.close();
    }
    for (Thread t : new Thread[] {writer, reader}) {
      if (t != null) {
        t.interrupt();
      }
    }
  }

  /** The heartbeat could not run; the message says why, for a NOT_ASSESSED finding. */
  public static final class HeartbeatException extends Art32Exception {
    HeartbeatException(String message, Throwable cause) {
      super(ExitCode.ENVIRONMENT, message, cause);
    }
  }
}
