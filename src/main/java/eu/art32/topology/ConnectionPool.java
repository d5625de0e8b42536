package eu.art32.topology;

import com.mysql.cj.jdbc.JdbcConnection;
import eu.art32.config.NodeConfig;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Open connections kept for reuse within one audit run. A TLS login costs both art32 and the server
 * several milliseconds of CPU; a fleet run of 20 pairs used to make 288 of them, the largest CPU
 * cost of its audits. A borrowed connection is exclusive to its borrower; closing it resets the
 * session (transaction, session variables, temporary tables) and puts it back. A connection that
 * fails the reset, or a validity check when borrowed again, is closed for good.
 */
final class ConnectionPool implements AutoCloseable {
  /** What makes two connections interchangeable: the same server, account and TLS settings. */
  private record Key(String address, String user, String password, String tls, String ca) {
    static Key of(NodeConfig node) {
      return new Key(
          node.address(),
          node.user(),
          node.password().reveal(),
          node.tls().name(),
          String.valueOf(node.caFile()));
    }
  }

  private final Map<Key, Deque<Connection>> idle = new HashMap<>();
  private boolean closed;

  /** A pooled connection to {@code node}, opened by {@code open} when none is idle. */
  Connection borrow(NodeConfig node, Supplier<Connection> open) {
    Key key = Key.of(node);
    while (true) {
      Connection physical;
      synchronized (this) {
        Deque<Connection> free = idle.get(key);
        physical = free == null ? null : free.pollFirst();
      }
      if (physical == null) {
        return wrap(key, open.get());
      }
      if (valid(physical)) {
        return wrap(key, physical);
      }
      quietlyClose(physical);
    }
  }

  /** How long closing the idle connections may take in all: a frozen node never answers. */
  static final long CLOSE_BOUND_MILLIS = 2_000;

  /**
   * Closes the idle connections, all at once and within {@link #CLOSE_BOUND_MILLIS}: a connection
   * whose server does not answer the goodbye by then is aborted (its socket closed). Connections
   * still borrowed are closed when given back.
   */
  @Override
  public void close() {
    List<Connection> all = new ArrayList<>();
    synchronized (this) {
      closed = true;
      idle.values().forEach(all::addAll);
      idle.clear();
    }
    if (all.isEmpty()) {
      return;
    }
    ExecutorService closer =
        Executors.newThreadPerTaskExecutor(
            Thread.ofPlatform().daemon().name("art32-pool-close-", 0).factory());
    List<Future<?>> closing = new ArrayList<>();
    for (Connection c : all) {
      try {
        c.setNetworkTimeout(closer, (int) CLOSE_BOUND_MILLIS);
      } catch (SQLException | RuntimeException e) {
        // closed below either way
      }
      closing.add(closer.submit(() -> quietlyClose(c)));
    }
    long deadline = System.nanoTime() + CLOSE_BOUND_MILLIS * 1_000_000;
    for (int i = 0; i < all.size(); i++) {
      try {
        closing.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        abort(all.get(i), closer);
      } catch (ExecutionException e) {
        // a close that failed has nothing left to close
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        abort(all.get(i), closer);
      }
    }
    closer.shutdown();
  }

  private static void abort(Connection c, Executor executor) {
    try {
      c.abort(executor);
    } catch (SQLException | RuntimeException e) {
      // the socket is going away either way
    }
  }

  private void giveBack(Key key, Connection physical) {
    try {
      if (!physical.getAutoCommit()) {
        physical.rollback();
        physical.setAutoCommit(true);
      }
      // COM_RESET_CONNECTION: ends any transaction, drops session variables and temporary
      // tables, without a new login
      physical.unwrap(JdbcConnection.class).resetServerState();
    } catch (SQLException e) {
      quietlyClose(physical);
      return;
    }
    synchronized (this) {
      if (!closed) {
        idle.computeIfAbsent(key, k -> new ArrayDeque<>()).addFirst(physical);
        return;
      }
    }
    quietlyClose(physical);
  }

  private static boolean valid(Connection c) {
    try {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  private static void quietlyClose(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // already broken; nothing to give back
    }
  }

  private Connection wrap(Key key, Connection physical) {
    InvocationHandler handler =
        new InvocationHandler() {
          private boolean returned;

          @Override
          public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
              case "close" -> {
                if (!returned) {
                  returned = true;
                  giveBack(key, physical);
                }
                return null;
              }
              case "isClosed" -> {
                return returned || physical.isClosed();
              }
              case "equals" -> {
                return proxy == args[0];
              }
              case "hashCode" -> {
                return System.identityHashCode(proxy);
              }
              default -> {
                if (returned) {
                  throw new SQLException("connection already given back to the pool");
                }
                try {
                  return method.invoke(physical, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              }
            }
          }
        };
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
  }
}
