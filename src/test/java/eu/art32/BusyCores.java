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
 * BusyCores.start(...))}.
 */
public final class BusyCores implements AutoCloseable {
  private final List<Process> spinners = new ArrayList<>();

  private BusyCores() {}

  /** Starts {@code factor} spinners per core, each living at most {@code bound}. */
  public static BusyCores start(int factor, Duration bound) {
    BusyCores busy = new BusyCores();
    int count = factor * Runtime.getRuntime().availableProcessors();
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

  /** How many spinners are still running (a test checks the load was really there). */
  public long running() {
    return spinners.stream().filter(Process::isAlive).count();
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
