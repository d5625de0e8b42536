package eu.art32.latency;

import eu.art32.evidence.HostNoise;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches the art32 host while a timed measurement runs, so that a figure the host itself inflated
 * is not taken for the network's or the server's. One watcher thread per core wakes every
 * millisecond and records each wake-up that fired late (a runnable thread waiting for a CPU);
 * {@link #lateNanosWithin} then tells how much of a sample's interval the host was late. The
 * sampling thread's own wait for a CPU comes from the kernel ({@link #ownRunDelayNanos}, {@code
 * /proc/thread-self/schedstat}). CPU pressure ({@code /proc/pressure/cpu}) and the load average are
 * read at the end for the evidence.
 *
 * <p>A host delay only ever lengthens a round trip, so {@code raw - hostDelay} is a lower bound of
 * the figure the host did not distort, and {@code raw} an upper bound.
 */
public final class HostWatch implements AutoCloseable {
  /** How often a watcher wakes while round trips are sampled. */
  static final long TICK_NANOS = 1_000_000;

  /** A wake-up this much after it was due counts as late (timer slack is 50 us). */
  static final long LATE_NANOS = 200_000;

  /** Bounds the memory of a long watch: late intervals kept per watcher. */
  private static final int MAX_INTERVALS = 200_000;

  private static final Path SCHEDSTAT = Path.of("/proc/thread-self/schedstat");
  private static final Path PRESSURE = Path.of("/proc/pressure/cpu");
  private static final Path LOADAVG = Path.of("/proc/loadavg");

  private final List<Watcher> watchers = new ArrayList<>();
  private final long tick;
  private volatile boolean stopped;
  private long[] merged;

  private HostWatch(long tick) {
    this.tick = tick;
  }

  /** Starts one watcher per core, waking every millisecond; {@link #close} stops them. */
  public static HostWatch start() {
    return start(TICK_NANOS);
  }

  /**
   * Starts one watcher per core waking every {@code tickNanos}: a watch over a long window (a
   * heartbeat of every pair of a fleet) wakes less often, so the watching itself stays no load.
   */
  public static HostWatch start(long tickNanos) {
    HostWatch watch = new HostWatch(tickNanos);
    int cores = Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < cores; i++) {
      Watcher w = new Watcher();
      watch.watchers.add(w);
      Thread.ofPlatform().daemon().name("art32-host-watch-" + i).start(() -> w.run(watch));
    }
    return watch;
  }

  /** A stopped watch whose watchers saw exactly these wake-ups ({due, woke} each), for tests. */
  static HostWatch replay(List<List<long[]>> wakeUps) {
    HostWatch watch = new HostWatch(TICK_NANOS);
    watch.stopped = true;
    for (List<long[]> wakeUpsOfOne : wakeUps) {
      Watcher w = new Watcher();
      wakeUpsOfOne.forEach(t -> w.record(t[0], t[1]));
      watch.watchers.add(w);
    }
    return watch;
  }

  /** One watcher: due and fired time of every late wake-up, in order. */
  private static final class Watcher {
    private long[] intervals = new long[256];
    private int size;
    private long ticks;
    private long lateTicks;
    private long maxLate;
    private final List<Long> lateness = new ArrayList<>();

    void run(HostWatch watch) {
      long due = System.nanoTime() + watch.tick;
      while (!watch.stopped) {
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
        long woke = System.nanoTime();
        record(due, woke);
        due = woke + watch.tick;
      }
    }

    private synchronized void record(long due, long woke) {
      ticks++;
      long late = woke - due;
      if (late < LATE_NANOS) {
        return;
      }
      lateTicks++;
      maxLate = Math.max(maxLate, late);
      if (size / 2 < MAX_INTERVALS) {
        if (size + 2 > intervals.length) {
          intervals = Arrays.copyOf(intervals, intervals.length * 2);
        }
        intervals[size++] = due;
        intervals[size++] = woke;
        lateness.add(late);
      }
    }
  }

  /** Stops the watchers (idempotent). */
  @Override
  public void close() {
    stopped = true;
  }

  /**
   * How many nanoseconds of {@code [start, end]} some watcher was late (the union of the late
   * intervals within it): how much of that interval a runnable thread of this host had to wait.
   */
  public long lateNanosWithin(long start, long end) {
    long[] all = mergedIntervals();
    // intervals are disjoint and sorted: find the first that ends after start
    int lo = 0;
    int hi = all.length / 2;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (all[2 * mid + 1] <= start) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    long total = 0;
    for (int i = lo; i < all.length / 2 && all[2 * i] < end; i++) {
      total += Math.min(end, all[2 * i + 1]) - Math.max(start, all[2 * i]);
    }
    return Math.max(0, total);
  }

  /** The late intervals of every watcher, sorted and merged into disjoint ones. */
  private synchronized long[] mergedIntervals() {
    if (merged != null && stopped) {
      return merged;
    }
    List<long[]> pairs = new ArrayList<>();
    for (Watcher w : watchers) {
      synchronized (w) {
        for (int i = 0; i < w.size; i += 2) {
          pairs.add(new long[] {w.intervals[i], w.intervals[i + 1]});
        }
      }
    }
    pairs.sort((a, b) -> Long.compare(a[0], b[0]));
    long[] out = new long[pairs.size() * 2];
    int n = 0;
    for (long[] p : pairs) {
      if (n > 0 && p[0] <= out[n - 1]) {
        out[n - 1] = Math.max(out[n - 1], p[1]);
      } else {
        out[n++] = p[0];
        out[n++] = p[1];
      }
    }
    long[] result = Arrays.copyOf(out, n);
    if (stopped) {
      merged = result;
    }
    return result;
  }

  /** What the watch saw, for the evidence. */
  public HostNoise noise() {
    long ticks = 0;
    long late = 0;
    long max = 0;
    List<Long> lateness = new ArrayList<>();
    for (Watcher w : watchers) {
      synchronized (w) {
        ticks += w.ticks;
        late += w.lateTicks;
        max = Math.max(max, w.maxLate);
        lateness.addAll(w.lateness);
      }
    }
    // p99 over every tick: on-time ticks count as zero lateness
    double p99 = 0;
    long rank = (long) Math.ceil(0.99 * ticks);
    long onTime = ticks - lateness.size();
    if (rank > onTime && !lateness.isEmpty()) {
      lateness.sort(null);
      p99 = lateness.get((int) Math.min(lateness.size() - 1, rank - onTime - 1)) / 1e6;
    }
    return new HostNoise(
        watchers.size(),
        ticks,
        late,
        LatencyStatsCalculator.round(p99),
        LatencyStatsCalculator.round(max / 1e6),
        cpuPressure(),
        loadAverage());
  }

  /**
   * The calling thread's total wait for a CPU so far, in nanoseconds ({@code run_delay} of
   * schedstat), or -1 where the kernel does not say.
   */
  public static long ownRunDelayNanos() {
    try {
      String[] fields = Files.readString(SCHEDSTAT, StandardCharsets.US_ASCII).trim().split(" ");
      return fields.length >= 2 ? Long.parseLong(fields[1]) : -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** {@code some avg10} of the host's CPU pressure in percent, or null where there is none. */
  static Double cpuPressure() {
    try {
      for (String line : Files.readAllLines(PRESSURE, StandardCharsets.US_ASCII)) {
        if (line.startsWith("some ")) {
          for (String field : line.split(" ")) {
            if (field.startsWith("avg10=")) {
              return Double.parseDouble(field.substring(6));
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // no PSI on this kernel
    }
    return null;
  }

  /** The one-minute load average, or null where there is none. */
  static Double loadAverage() {
    try {
      return Double.parseDouble(
          Files.readString(LOADAVG, StandardCharsets.US_ASCII).trim().split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
