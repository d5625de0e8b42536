package eu.art32.audit;

import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How the pairs of one run share the machine: at most {@code parallel} pairs do active work
 * (reading nodes, comparing tables, restoring backups) at once, while a pair that only waits out
 * its heartbeat window holds no slot; and latency is sampled by one pair at a time, on a machine
 * that is otherwise as quiet as the run allows, so one audit's work does not show up as another
 * pair's round trip.
 */
final class Slots {
  private final Semaphore work;
  private final ReentrantLock sampling = new ReentrantLock();

  Slots(int parallel) {
    this.work = new Semaphore(parallel, true);
  }

  void acquire() {
    work.acquireUninterruptibly();
  }

  void release() {
    work.release();
  }

  void startSampling() {
    sampling.lock();
  }

  void endSampling() {
    sampling.unlock();
  }
}
