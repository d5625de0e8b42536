package eu.art32.area;

import java.util.Map;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * How the pairs of one run share the machine: at most {@code parallel} pairs do active work
 * (reading nodes, comparing tables, restoring backups) at once, while a pair that only waits out
 * its heartbeat window holds no slot; and the round trips to one server (host:port) are sampled by
 * one pair at a time, so two pairs on the same servers do not queue behind each other's samples and
 * report each other as latency.
 */
public final class Slots {
  private final Semaphore work;
  private final Map<String, ReentrantLock> sampling = new ConcurrentHashMap<>();

  public Slots(int parallel) {
    this.work = new Semaphore(parallel, true);
  }

  public void acquire() {
    work.acquireUninterruptibly();
  }

  public void release() {
    work.release();
  }

  private final Map<String, ReentrantLock> exclusive = new ConcurrentHashMap<>();

  /**
   * Runs {@code work} while no other pair of the run works on {@code resource} (a mirror's source
   * folder, a backup directory): their canaries, backups and scans must not mix.
   */
  public <T> T exclusive(String resource, Supplier<T> work) {
    ReentrantLock lock = exclusive.computeIfAbsent(resource, k -> new ReentrantLock());
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }

  /** Locks every server of the pair, in name order so two pairs cannot wait for each other. */
  public void startSampling(SortedSet<String> hosts) {
    hosts.forEach(h -> sampling.computeIfAbsent(h, k -> new ReentrantLock()).lock());
  }

  public void endSampling(SortedSet<String> hosts) {
    hosts.forEach(h -> sampling.get(h).unlock());
  }
}
