package eu.art32;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keeps every core of this machine busy, as other work on a shared CI runner does: one spinning
 * shell per core (two per core with {@code factor} 2), each ended by {@code timeout} after {@code
 * bound} even if the test JVM dies, and all of them ended by {@link #close}. A test that must hold
 * on a busy machine runs its measurement inside {@code try (BusyCores busy =
 * BusyCores.start(...))}. The load is a level of the machine, not an increment: the spinners
 * already running on it (the suite's of {@link BusySuite} in every test JVM, since Failsafe runs
 * two JVMs at once, and another test's) are counted, and only what they leave missing is started,
 * under a lock file that the test JVMs share, so a claim holds at the load it names.
 */
public final class BusyCores implements AutoCloseable {
  /** The last argument of every spinner, by which they are counted across JVMs. */
  private static final String MARK = "art32-busy-core";

  private static final Path LOCK = Path.of(System.getProperty("java.io.tmpdir"), MARK + ".lock");
  private final List<Process> spinners = new ArrayList<>();

  private BusyCores() {}

  /** The suite-wide load, started once per test JVM by {@link BusySuite}. */
  static BusyCores startSuite(int factor, Duration bound) {
    return start(factor, bound);
  }

  /**
   * Brings the machine to {@code factor} spinners per core, those running already counted, each
   * started here living at most {@code bound}.
   */
  public static synchronized BusyCores start(int factor, Duration bound) {
    try (FileChannel channel =
            FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      long missing = (long) factor * Runtime.getRuntime().availableProcessors() - onMachine();
      return spin(Math.max(0, missing), bound);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + LOCK + " for the busy-core helper", e);
    }
  }

  private static BusyCores spin(long count, Duration bound) {
    BusyCores busy = new BusyCores();
    try {
      for (long i = 0; i < count; i++) {
        busy.spinners.add(
            new ProcessBuilder(
                    "timeout",
                    Long.toString(bound.toSeconds()),
                    "sh",
                    "-c",
                    "while :; do :; done",
                    MARK)
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

  /** The spinning shells on this machine, whichever JVM started them. */
  private static long onMachine() {
    return ProcessHandle.allProcesses()
        .filter(
            p ->
                p.info()
                    .arguments()
                    .map(a -> a.length > 0 && a[0].equals("-c") && Arrays.asList(a).contains(MARK))
                    .orElse(false))
        .count();
  }

  /**
   * How many spinners are running on the machine, this one's and every other's (a test checks the
   * load was really there).
   */
  public long running() {
    return onMachine();
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
