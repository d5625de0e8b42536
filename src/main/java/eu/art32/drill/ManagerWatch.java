package eu.art32.drill;

import eu.art32.Art32Exception;
import eu.art32.config.NodeConfig;
import eu.art32.evidence.Text;
import eu.art32.topology.Dialect;
import eu.art32.topology.NodeConnector;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches both nodes while a failover manager that acts on its own (MHA, orchestrator, a cluster
 * manager) handles the fault: the replica every few milliseconds (its SQL thread, whether it still
 * replicates and from where, read_only), the old primary every 100 ms (answering, read_only). Each
 * change goes on the timeline; the first change on the replica that only a promotion makes (SQL
 * thread stopped, replication reset or repointed, read_only off) is when the promotion was seen.
 * The IO thread losing its source is the fault's doing, not the manager's, and does not count.
 */
final class ManagerWatch implements AutoCloseable {
  private static final long REPLICA_EVERY_MS = 5;
  private static final long PRIMARY_EVERY_MS = 100;

  private final NodeConfig replica;
  private final NodeConfig primary;
  private final Dialect dialect;
  private final Timeline timeline;
  private final NodeConnector connector =
      new NodeConnector(Duration.ofMillis(500), Duration.ofSeconds(2));
  private final DrillNode replicaNode;
  private final AtomicLong promotionSeen = new AtomicLong(Long.MIN_VALUE);
  private volatile boolean stopped;
  private Thread replicaThread;
  private Thread readOnlyThread;
  private Thread primaryThread;

  ManagerWatch(NodeConfig primary, NodeConfig replica, Dialect dialect, Timeline timeline) {
    this.primary = primary;
    this.replica = replica;
    this.dialect = dialect;
    this.timeline = timeline;
    this.replicaNode = new DrillNode("replica (watch)", replica, connector);
    replicaNode.useDialect(dialect);
  }

  ManagerWatch start() {
    replicaThread =
        Thread.ofPlatform().daemon().name("art32-watch-replica").start(this::watchReplica);
    readOnlyThread =
        Thread.ofPlatform().daemon().name("art32-watch-read-only").start(this::watchReadOnly);
    primaryThread =
        Thread.ofPlatform().daemon().name("art32-watch-primary").start(this::watchPrimary);
    return this;
  }

  /** The monotonic time the promotion was first seen on the replica; MIN_VALUE when not yet. */
  long promotionSeen() {
    return promotionSeen.get();
  }

  private void watchReplica() {
    Map<String, String> first = null;
    boolean sqlStopped = false;
    boolean reset = false;
    boolean repointed = false;
    boolean answering = true;
    Connection connection = null;
    // after close() one more round, so what the promotion changed is on the timeline even when a
    // status query was held up while the manager stopped replication
    for (boolean last = false; !last; ) {
      last = stopped;
      try {
        if (connection == null) {
          connection = connector.connect("replica (watch)", replica);
        }
        long at = System.nanoTime();
        Map<String, String> status = replicaNode.replicaStatus(connection);
        if (!answering) {
          answering = true;
          timeline.markAt("replica answers again", "", at, timeline.wallAt(at));
        }
        if (first == null) {
          first = status;
        }
        if (!sqlStopped
            && !status.isEmpty()
            && !"Yes".equalsIgnoreCase(status.get("Slave_SQL_Running"))) {
          sqlStopped = seen(at, "replica's SQL thread stopped");
        }
        if (!reset && status.isEmpty() && !first.isEmpty()) {
          reset = seen(at, "replica's replication reset");
        }
        if (!repointed && !status.isEmpty() && !first.isEmpty() && !sameSource(first, status)) {
          repointed = seen(at, "replica repointed");
        }
      } catch (Art32Exception e) {
        if (answering) {
          answering = false;
          timeline.mark(
              "replica does not answer the watch", Art32Exception.firstLine(e.getMessage()));
        }
        CanaryLoad.closeQuietly(connection);
        connection = null;
      }
      if (!last) {
        CanaryLoad.sleep(REPLICA_EVERY_MS);
      }
    }
    CanaryLoad.closeQuietly(connection);
  }

  /**
   * read_only on the replica, on a connection of its own: SHOW SLAVE STATUS can wait while
   * replication is being stopped, a variable's value never does.
   */
  private void watchReadOnly() {
    Connection connection = null;
    for (boolean last = false; !last; ) {
      last = stopped;
      try {
        if (connection == null) {
          connection = connector.connect("replica (watch)", replica);
        }
        long at = System.nanoTime();
        if (!readOnly(connection)) {
          seen(at, "replica's read_only off");
          break;
        }
      } catch (SQLException | Art32Exception e) {
        CanaryLoad.closeQuietly(connection);
        connection = null;
      }
      if (!last) {
        CanaryLoad.sleep(REPLICA_EVERY_MS);
      }
    }
    CanaryLoad.closeQuietly(connection);
  }

  private boolean seen(long at, String what) {
    timeline.markAt(what, "", at, timeline.wallAt(at));
    promotionSeen.compareAndSet(Long.MIN_VALUE, at);
    return true;
  }

  private void watchPrimary() {
    Boolean answering = null;
    Boolean readOnly = null;
    Connection connection = null;
    while (!stopped) {
      long at = System.nanoTime();
      try {
        if (connection == null) {
          connection = connector.connect("old primary (watch)", primary);
        }
        boolean ro = readOnly(connection);
        if (!Boolean.TRUE.equals(answering)) {
          answering = true;
          timeline.markAt(
              "old primary answers",
              Text.of(ro ? "drill.ev.readOnly" : "drill.ev.writable"),
              at,
              null);
        } else if (readOnly != null && readOnly != ro) {
          timeline.markAt(
              "old primary " + (ro ? "read-only" : "writable"), "", at, timeline.wallAt(at));
        }
        readOnly = ro;
      } catch (SQLException | Art32Exception e) {
        if (!Boolean.FALSE.equals(answering)) {
          answering = false;
          timeline.markAt(
              "old primary does not answer",
              Art32Exception.firstLine(e.getMessage()),
              at,
              timeline.wallAt(at));
        }
        CanaryLoad.closeQuietly(connection);
        connection = null;
      }
      CanaryLoad.sleep(PRIMARY_EVERY_MS);
    }
    CanaryLoad.closeQuietly(connection);
  }

  private static boolean readOnly(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT @@GLOBAL.read_only")) {
      rs.next();
      return rs.getInt(1) != 0;
    }
  }

  private static boolean sameSource(Map<String, String> a, Map<String, String> b) {
    return String.valueOf(a.get("Master_Host")).equals(String.valueOf(b.get("Master_Host")))
        && String.valueOf(a.get("Master_Port")).equals(String.valueOf(b.get("Master_Port")));
  }

  @Override
  public void close() {
    stopped = true;
    for (Thread t : new Thread[] {replicaThread, readOnlyThread, primaryThread}) {
      if (t != null) {
        try {
          t.join(5_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
