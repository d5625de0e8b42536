package eu.art32.consistency;

import eu.art32.Art32Exception;
import eu.art32.config.ConsistencyConfig;
import eu.art32.evidence.ConsistencyEvidence;
import eu.art32.topology.Dialect;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Compares one table on both nodes. The primary's snapshot is opened first; the replica waits for
 * that position and opens its own; then the primary walks the key in chunks and hands each range to
 * the replica, so both nodes checksum at the same time. A mismatching chunk is drilled into while
 * both snapshots are still open: the rows' keys and hashes are read on both sides and the differing
 * keys named. When the two snapshots stood at different positions and chunks differed, those chunks
 * are compared again in fresh snapshots, up to three times in all.
 */
final class TableComparison {
  static final int SAMPLE_KEYS = 20;
  private static final int ATTEMPTS = 3;
  private static final Duration CATCH_UP = Duration.ofSeconds(30);
  private static final String STALLED =
      "the replica did not reach the primary's position (not applying, or more than 30 s behind),"
          + " so it was compared without waiting for it";

  private final Supplier<Connection> primary;
  private final Supplier<Connection> replica;
  private final Dialect dialect;
  private final ConsistencyConfig config;
  private final Boolean knownSame;

  /**
   * Set once the replica has not reached a primary snapshot's position within {@link #CATCH_UP}, or
   * from the start when it is not applying (SQL thread stopped): later tables are then compared
   * without waiting and without fresh attempts, which would only wait the same way again.
   */
  private boolean stalled;

  /**
   * @param knownSame null when {@code replica} replicates from {@code primary} (it is waited for
   *     and the positions compared); otherwise whether the two are known to hold the same
   *     transactions for this table, e.g. a restored backup beside its source
   */
  TableComparison(
      Supplier<Connection> primary,
      Supplier<Connection> replica,
      Dialect dialect,
      ConsistencyConfig config,
      Boolean knownSame) {
    this.primary = primary;
    this.replica = replica;
    this.dialect = dialect;
    this.config = config;
    this.knownSame = knownSame;
  }

  /** The replica is known not to apply: no table waits for it (see {@link #stalled}). */
  TableComparison notApplying() {
    stalled = true;
    return this;
  }

  ConsistencyEvidence.Table compare(TableDef table) {
    long start = System.nanoTime();
    try {
      Attempt attempt = attempt(table, null);
      int attempts = 1;
      while (!attempt.mismatches.isEmpty()
          && !attempt.samePosition
          && knownSame == null
          && !stalled
          && attempts < ATTEMPTS) {
        Attempt again = attempt(table, attempt.mismatches.keySet());
        attempts++;
        attempt = attempt.merge(again);
      }
      ConsistencyEvidence.Table evidence = attempt.evidence(table, attempts, millisSince(start));
      return stalled && !attempt.samePosition ? evidence.withNote(STALLED) : evidence;
    } catch (NotAssessed e) {
      return skipped(table, "NOT_ASSESSED", e.getMessage(), millisSince(start));
    } catch (SQLException e) {
      if ("42S02".equals(e.getSQLState())) {
        return skipped(
            table,
            "DIFFERENT",
            "the table exists on one node only: " + Art32Exception.firstLine(e.getMessage()),
            millisSince(start));
      }
      return skipped(table, "ERROR", Art32Exception.firstLine(e.getMessage()), millisSince(start));
    } catch (Art32Exception e) {
      return skipped(table, "ERROR", Art32Exception.firstLine(e.getMessage()), millisSince(start));
    } catch (RuntimeException e) {
      // a defect met on one table's shape: that table says so, the others are still compared
      return skipped(
          table,
          "ERROR",
          "internal error: "
              + e.getClass().getSimpleName()
              + ": "
              + Art32Exception.firstLine(String.valueOf(e.getMessage())),
          millisSince(start));
    }
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  private ConsistencyEvidence.Table skipped(
      TableDef table, String status, String reason, long millis) {
    return new ConsistencyEvidence.Table(
        table.qualified(),
        status,
        String.join(", ", table.keyNames()),
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        List.of(),
        null,
        null,
        false,
        0,
        millis,
        reason);
  }

  /**
   * One comparison in a fresh pair of snapshots; with {@code only}, just those chunks (by their
   * ranges from an earlier attempt).
   */
  private Attempt attempt(TableDef table, Set<TableDef.Chunk> only)
      throws SQLException, NotAssessed {
    try (Snapshot p = new Snapshot(primary.get(), dialect, config.maxQps());
        Snapshot r = new Snapshot(replica.get(), dialect, config.maxQps())) {
      p.open(config.lockWaitTimeout());
      if (p.position() != null && knownSame == null && !stalled) {
        stalled = !r.await(p.position(), CATCH_UP);
      }
      r.open(config.lockWaitTimeout());
      boolean same =
          knownSame != null
              ? knownSame
              : p.position() != null
                  && r.position() != null
                  && dialect.samePosition(p.position(), r.position());
      if (!table.keyed()) {
        long rows = p.count(table);
        if (rows > config.smallTableRows()) {
          throw new NotAssessed(
              "no primary key (nor a unique key of NOT NULL columns) to chunk by, and "
                  + rows
                  + " rows is more than smallTableRows "
                  + config.smallTableRows()
                  + " for a whole-table checksum");
        }
      }
      Attempt attempt = new Attempt(p.position(), r.position(), same);
      List<TableDef.Chunk> chunks =
          only != null ? only.stream().sorted(CHUNK_ORDER).toList() : null;
      // the plan makes the chunks of a first attempt; a later one re-checks the given ranges and
      // takes only the key's bounds from it, to halve a large open-ended chunk
      ValueChunks plan = table.integerKey() ? valueChunks(table, p) : null;
      Map<TableDef.Chunk, Snapshot.ChunkSum[]> sums = pipeline(table, p, r, chunks, plan);
      for (var e : sums.entrySet()) {
        Snapshot.ChunkSum mine = e.getValue()[0];
        Snapshot.ChunkSum theirs = e.getValue()[1];
        attempt.rowsPrimary += mine.rows();
        attempt.rowsReplica += theirs.rows();
        attempt.chunks++;
        if (!mine.equals(theirs)) {
          Diff diff = null;
          if (table.keyed()) {
            diff = new Diff();
            drill(table, p, r, e.getKey(), Math.max(mine.rows(), theirs.rows()), diff, plan);
          }
          attempt.mismatches.put(e.getKey(), diff);
        }
      }
      return attempt;
    }
  }

  private static final Comparator<TableDef.Chunk> CHUNK_ORDER =
      Comparator.comparingInt(TableDef.Chunk::index);

  /**
   * Checksums chunks on both nodes at once: this thread finds each chunk's upper key on the primary
   * (or takes it from {@code plan}, sized by how long the last chunk took there) and queues the
   * range, a second thread checksums the queued ranges on the replica.
   */
  private Map<TableDef.Chunk, Snapshot.ChunkSum[]> pipeline(
      TableDef table, Snapshot p, Snapshot r, List<TableDef.Chunk> given, ValueChunks plan)
      throws SQLException, NotAssessed {
    BlockingQueue<TableDef.Chunk> queue = new ArrayBlockingQueue<>(1024);
    TableDef.Chunk end = new TableDef.Chunk(Integer.MAX_VALUE, null, null);
    Map<TableDef.Chunk, Snapshot.ChunkSum> replicaSums = new LinkedHashMap<>();
    CompletableFuture<Void> replicaSide =
        CompletableFuture.runAsync(
            () -> {
              try {
                for (TableDef.Chunk c = queue.take(); c != end; c = queue.take()) {
                  replicaSums.put(c, r.checksum(table, c));
                }
              } catch (SQLException e) {
                throw new CompletionException(e);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
              }
            },
            runnable ->
                Thread.ofPlatform().daemon().name("art32-checksum-replica").start(runnable));
    Map<TableDef.Chunk, Snapshot.ChunkSum> primarySums = new LinkedHashMap<>();
    try {
      if (given != null) {
        for (TableDef.Chunk c : given) {
          if (!hand(queue, c, replicaSide)) {
            break;
          }
          primarySums.put(c, p.checksum(table, c));
        }
      } else if (plan != null) {
        for (TableDef.Chunk c = plan.next(0, 0); c != null; ) {
          if (!hand(queue, c, replicaSide)) {
            break;
          }
          long started = System.nanoTime();
          Snapshot.ChunkSum sum = p.checksum(table, c);
          primarySums.put(c, sum);
          c = plan.next(sum.rows(), System.nanoTime() - started);
        }
      } else if (!table.keyed()) {
        TableDef.Chunk all = new TableDef.Chunk(0, null, null);
        if (hand(queue, all, replicaSide)) {
          primarySums.put(all, p.checksum(table, all));
        }
      } else {
        List<Object> lower = null;
        for (int i = 0; ; i++) {
          List<Object> upper = p.boundary(table, lower, config.chunkRows());
          if (upper != null && lower != null && sameKey(upper, lower)) {
            // a key whose values do not come back exactly would walk the same range for ever
            queue.offer(end);
            throw new NotAssessed(
                "the key ("
                    + String.join(", ", table.keyNames())
                    + ") does not advance past "
                    + table.describeKey(lower)
                    + ": its values do not read back exactly");
          }
          TableDef.Chunk c = new TableDef.Chunk(i, lower, upper);
          if (!hand(queue, c, replicaSide)) {
            break;
          }
          primarySums.put(c, p.checksum(table, c));
          if (upper == null) {
            break;
          }
          lower = upper;
        }
      }
      hand(queue, end, replicaSide);
      replicaSide.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      replicaSide.cancel(true);
      throw new SQLException("interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof SQLException sql
          ? sql
          : new SQLException(e.getCause().getMessage(), e.getCause());
    } catch (SQLException e) {
      queue.offer(end);
      throw e;
    }
    Map<TableDef.Chunk, Snapshot.ChunkSum[]> both = new LinkedHashMap<>();
    primarySums.forEach((c, sum) -> both.put(c, new Snapshot.ChunkSum[] {sum, replicaSums.get(c)}));
    return both;
  }

  private static boolean sameKey(List<Object> a, List<Object> b) {
    for (int i = 0; i < a.size(); i++) {
      if (!Objects.deepEquals(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** Queues a range for the replica's thread; false when that thread has already stopped. */
  private static boolean hand(
      BlockingQueue<TableDef.Chunk> queue, TableDef.Chunk chunk, CompletableFuture<Void> consumer)
      throws InterruptedException {
    while (!consumer.isDone()) {
      if (queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The chunks of a single integer key's range, by value, from the primary's MIN, MAX and row
   * estimate; null when the table is empty. The first and last chunks are open-ended, so rows the
   * replica holds beyond the primary's ends are compared too. Both nodes then checksum the same
   * ranges without waiting for each other.
   */
  private ValueChunks valueChunks(TableDef table, Snapshot p) throws SQLException {
    BigInteger[] bounds = p.bounds(table);
    if (bounds == null) {
      return new ValueChunks(null, null, 1, config);
    }
    BigInteger min = bounds[0];
    BigInteger max = bounds[1];
    BigInteger width = max.subtract(min).add(BigInteger.ONE);
    BigInteger estimate = bounds[2];
    if (estimate.compareTo(BigInteger.valueOf(config.chunkRows())) < 0
        && width.compareTo(BigInteger.valueOf(config.chunkRows())) > 0) {
      // the statistics say "small" but the key spans more than a chunk: they may be stale (a
      // table just loaded), so count instead of risking one huge chunk
      estimate = BigInteger.valueOf(p.count(table));
    }
    estimate = estimate.max(BigInteger.ONE);
    double rowsPerValue = Math.min(1, estimate.doubleValue() / width.doubleValue());
    return new ValueChunks(min, max, rowsPerValue, config);
  }

  /**
   * Chunks of a single integer key made one at a time: the first holds about {@code chunkRows}
   * rows, each next one as many as the primary checksums in {@code chunkTime} at the rate the last
   * one ran, at most four times the last and never fewer than {@code chunkRows} (with {@code
   * chunkTime} 0 every chunk holds about {@code chunkRows}). Key values are mapped to rows by the
   * primary's estimate of the table's density.
   */
  static final class ValueChunks {
    private final BigInteger min;
    private final BigInteger max;
    private final double rowsPerValue;
    private final long minRows;
    private final long targetNanos;
    private List<Object> lower;
    private long rows;
    private int index;
    private boolean done;

    ValueChunks(BigInteger min, BigInteger max, double rowsPerValue, ConsistencyConfig config) {
      this.min = min;
      this.max = max;
      this.rowsPerValue = Math.max(rowsPerValue, 1e-9);
      this.minRows = config.chunkRows();
      this.targetNanos = config.chunkTime().toNanos();
      this.rows = minRows;
    }

    /** The primary's MIN and MAX of the key, null for an empty table. */
    BigInteger[] bounds() {
      return min == null ? null : new BigInteger[] {min, max};
    }

    /**
     * The next chunk, given how many rows the last one held on the primary and how long it took
     * there (0, 0 for the first); null after the last.
     */
    TableDef.Chunk next(long lastRows, long lastNanos) {
      if (done) {
        return null;
      }
      if (min == null) {
        done = true;
        return new TableDef.Chunk(index++, null, null);
      }
      if (index > 0 && targetNanos > 0) {
        long wanted =
            lastRows > 0 && lastNanos > 0
                ? (long) Math.min(Long.MAX_VALUE / 2.0, (double) lastRows * targetNanos / lastNanos)
                : rows * 4;
        rows = Math.max(minRows, Math.min(wanted, rows * 4));
      }
      BigInteger start = lower == null ? min : (BigInteger) value(lower);
      BigInteger step = BigInteger.valueOf(Math.max(1, (long) Math.ceil(rows / rowsPerValue)));
      BigInteger upper = lower == null ? min.add(step).subtract(BigInteger.ONE) : start.add(step);
      if (upper.compareTo(max) >= 0) {
        done = true;
        return new TableDef.Chunk(index++, lower, null);
      }
      List<Object> bound = List.of(bindable(upper));
      TableDef.Chunk chunk = new TableDef.Chunk(index++, lower, bound);
      lower = bound;
      return chunk;
    }

    private static Object value(List<Object> bound) {
      return new BigInteger(bound.get(0).toString());
    }
  }

  private static Object bindable(BigInteger value) {
    return value.bitLength() < 64 ? (Object) value.longValue() : new BigDecimal(value);
  }

  /**
   * Finds the differing keys of a mismatching chunk. A closed integer range holding more than twice
   * the chunk size is halved and each half checksummed on both nodes, recursing only into halves
   * that differ, so memory stays bounded by the chunk size; smaller chunks are compared row by row.
   */
  private void drill(
      TableDef table,
      Snapshot p,
      Snapshot r,
      TableDef.Chunk chunk,
      long rows,
      Diff diff,
      ValueChunks plan)
      throws SQLException {
    // an open end stands for the primary's MIN (less one) or MAX, so that a large first or last
    // chunk is halved too; the halves keep the open end for the replica's rows beyond it
    // only a single integer key can be halved by value; every other key's chunks hold at most
    // chunkRows rows already and are compared row by row
    if (!table.integerKey() || rows <= 2L * config.chunkRows()) {
      diff(table, p, r, chunk, diff);
      return;
    }
    BigInteger[] bounds = plan == null ? null : plan.bounds();
    BigInteger low =
        chunk.lower() != null
            ? new BigInteger(chunk.lower().get(0).toString())
            : bounds == null ? null : bounds[0].subtract(BigInteger.ONE);
    BigInteger high =
        chunk.upper() != null
            ? new BigInteger(chunk.upper().get(0).toString())
            : bounds == null ? null : bounds[1];
    if (low != null && high != null) {
      if (high.subtract(low).compareTo(BigInteger.ONE) > 0) {
        List<Object> middle = List.of(bindable(low.add(high).shiftRight(1)));
        for (TableDef.Chunk half :
            List.of(
                new TableDef.Chunk(chunk.index(), chunk.lower(), middle),
                new TableDef.Chunk(chunk.index(), middle, chunk.upper()))) {
          Snapshot.ChunkSum mine = p.checksum(table, half);
          Snapshot.ChunkSum theirs = r.checksum(table, half);
          if (!mine.equals(theirs)) {
            drill(table, p, r, half, Math.max(mine.rows(), theirs.rows()), diff, plan);
          }
        }
        return;
      }
    }
    diff(table, p, r, chunk, diff);
  }

  /** The keys that differ inside one chunk: missing on the replica, extra there, or changed. */
  private static void diff(TableDef table, Snapshot p, Snapshot r, TableDef.Chunk chunk, Diff diff)
      throws SQLException {
    Map<List<Object>, String> mine = p.rows(table, chunk);
    Map<List<Object>, String> theirs = r.rows(table, chunk);
    mine.forEach(
        (key, hash) -> {
          String other = theirs.get(key);
          if (other == null) {
            diff.missing++;
            diff.sample(table.describeKey(key) + " missing on the replica");
          } else if (!other.equals(hash)) {
            diff.different++;
            diff.sample(table.describeKey(key) + " differs");
          }
        });
    theirs.forEach(
        (key, hash) -> {
          if (!mine.containsKey(key)) {
            diff.extra++;
            diff.sample(table.describeKey(key) + " only on the replica");
          }
        });
  }

  /** Differing keys of one chunk, counted in full, listed up to {@link #SAMPLE_KEYS}. */
  static final class Diff {
    long missing;
    long extra;
    long different;
    final List<String> samples = new ArrayList<>();

    void sample(String key) {
      if (samples.size() < SAMPLE_KEYS) {
        samples.add(key);
      }
    }
  }

  /** What one attempt found; a later attempt replaces the verdict of the chunks it re-checked. */
  private static final class Attempt {
    final String primaryPosition;
    final String replicaPosition;
    final boolean samePosition;
    final Map<TableDef.Chunk, Diff> mismatches = new LinkedHashMap<>();
    long rowsPrimary;
    long rowsReplica;
    int chunks;

    Attempt(String primaryPosition, String replicaPosition, boolean samePosition) {
      this.primaryPosition = primaryPosition;
      this.replicaPosition = replicaPosition;
      this.samePosition = samePosition;
    }

    /** The first attempt's counts with the re-checked chunks' new verdicts and positions. */
    Attempt merge(Attempt again) {
      Attempt merged =
          new Attempt(again.primaryPosition, again.replicaPosition, again.samePosition);
      merged.rowsPrimary = rowsPrimary;
      merged.rowsReplica = rowsReplica;
      merged.chunks = chunks;
      merged.mismatches.putAll(again.mismatches);
      return merged;
    }

    ConsistencyEvidence.Table evidence(TableDef table, int attempts, long millis) {
      long missing = 0;
      long extra = 0;
      long different = 0;
      List<String> samples = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (Diff d : mismatches.values()) {
        if (d == null) {
          continue;
        }
        missing += d.missing;
        extra += d.extra;
        different += d.different;
        for (String s : d.samples) {
          if (samples.size() < SAMPLE_KEYS && seen.add(s)) {
            samples.add(s);
          }
        }
      }
      String status;
      String reason = null;
      if (mismatches.isEmpty()) {
        status = "MATCH";
        if (!samePosition) {
          reason =
              "the snapshots stood at different positions (primary "
                  + Objects.toString(primaryPosition, "unknown")
                  + ", replica "
                  + Objects.toString(replicaPosition, "unknown")
                  + "), yet every chunk matched";
        }
      } else if (samePosition) {
        status = "DIFFERENT";
        if (!table.keyed()) {
          reason = "the whole-table checksums differ; without a primary key rows cannot be named";
        }
      } else {
        status = "UNCONFIRMED";
        reason =
            mismatches.size()
                + " chunk(s) differed in each of "
                + attempts
                + " attempts, but the nodes never stood at the same position (the table is"
                + " being written); compare again when writes pause";
      }
      if (!"InnoDB".equalsIgnoreCase(table.engine()) && table.engine() != null) {
        String note = table.engine() + " is not transactional: the snapshot is not consistent";
        reason = reason == null ? note : reason + "; " + note;
      }
      return new ConsistencyEvidence.Table(
          table.qualified(),
          status,
          String.join(", ", table.keyNames()),
          rowsPrimary,
          rowsReplica,
          chunks,
          mismatches.size(),
          missing,
          extra,
          different,
          samples,
          primaryPosition,
          replicaPosition,
          samePosition,
          attempts,
          millis,
          reason);
    }
  }

  /** The table cannot be compared; the message is the reason. */
  private static final class NotAssessed extends Exception {
    NotAssessed(String message) {
      super(message);
    }
  }
}
