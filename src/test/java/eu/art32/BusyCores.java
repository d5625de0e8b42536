package eu.art32;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps every core of this machine busy, as other work on a shared CI runner does: one spinning
 * shell per core (two per core with {@code factor} 2), each ended by {@code timeout} after {@code
 * bound} even if the test JVM dies, and all of them ended by {@link #close}. A test that must hold
 * on a busy machine runs its measurement inside {@code try (BusyCores busy =
 * BusyCores.start(...))}. The load is a level, not an increment: under {@code ART32_TEST_BUSY}
 * ({@link BusySuite}) a test asking for two spinners per core starts only what the suite's spinners
 * leave missing, so its claim holds at the load it names.
 */
public final class BusyCores implements AutoCloseable {
  private static volatile BusyCores suite;
  private final List<Process> spinners = new ArrayList<>();
  private final int perCore;

  private BusyCores(int perCore) {
    this.perCore = perCore;
  }

  /** The suite-wide load, started once per test JVM by {@link BusySuite}. */
  static BusyCores startSuite(int factor, Duration bound) {
    suite = spin(factor, bound);
    return suite;
  }

  /**
   * Brings the machine to {@code factor} spinners per core, the suite's counted, each started here
   * living at most {@code bound}.
   */
  public static BusyCores start(int factor, Duration bound) {
    BusyCores running = suite;
    return spin(Math.max(0, factor - (running == null ? 0 : running.perCore)), bound);
  }

  private static BusyCores spin(int perCore, Duration bound) {
    BusyCores busy = new BusyCores(perCore);
    int count = perCore * Runtime.getRuntime().availableProcessors();
    try {
      for (int i = 0; i < count; i++) {
        busy.spinners.add(
            new ProcessBuilder(
                    "timeout", Long.toString(bound.toSeconds()), "sh", "-c", "while :; do :; done")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start());
      }
    } catch (IOException e) {
      busy.close();
      throw new UncheckedIOException("cannot start the busy-core helper", e);
    }
    return busy;
  }

  /**
   * How many spinners are running, the suite's included (a test checks the load was really there).
   */
  public long running() {
    BusyCores running = suite;
    long own = spinners.stream().filter(Process::isAlive).count();
    return running == null || running == this ? own : own + running.running();
  }

  @Override
  public void close() {
    for (Process p : spinners) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    for (Process p : spinners) {
      try {
        p.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
