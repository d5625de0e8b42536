package eu.art32.integrity;

import eu.art32.EnvironmentException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/**
 * The one writer of a history at a time: a run reads the history's newest manifest, chains its own
 * to it and stores itself while holding this lock, so two runs that end together (two CI jobs
 * sharing a history) are chained one after the other instead of both after the same run. The lock
 * is the operating system's on {@code .art32.lock} (released when the process dies), whose text
 * names the holder for whoever waits.
 */
public final class HistoryLock implements AutoCloseable {
  /** The lock file at the top of a history; verify knows it is no run. */
  public static final String FILE = ".art32.lock";

  private static final Object IN_THIS_JVM = new Object();
  private final FileChannel channel;
  private final FileLock lock;

  private HistoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Waits at most {@code wait} for the history's lock; else exit 3 naming the holder. */
  public static HistoryLock acquire(Path history, Duration wait) {
    Path file = history.resolve(FILE);
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      Files.createDirectories(history);
      FileChannel channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      try {
        while (true) {
          FileLock lock = tryLock(channel);
          if (lock != null) {
            channel.truncate(0);
            channel.write(
                ByteBuffer.wrap(
                    ("pid " + ProcessHandle.current().pid() + " since " + Instant.now() + "\n")
                        .getBytes(StandardCharsets.UTF_8)),
                0);
            return new HistoryLock(channel, lock);
          }
          if (System.nanoTime() > deadline) {
            String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
            throw new EnvironmentException(
                "the history "
                    + history
                    + " is being written by another art32 ("
                    + (holder.isEmpty() ? "holder unknown" : holder)
                    + ") for longer than "
                    + wait.toSeconds()
                    + " s; this run is written to its output directory only, not to the history");
          }
          Thread.sleep(100);
        }
      } catch (RuntimeException | IOException | InterruptedException e) {
        channel.close();
        throw e;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EnvironmentException("interrupted while waiting for the history " + history, e);
    } catch (IOException e) {
      throw new EnvironmentException("cannot lock the history " + file + ": " + e.getMessage(), e);
    }
  }

  /** The lock, or null while another process or another thread of this one holds it. */
  private static FileLock tryLock(FileChannel channel) throws IOException {
    synchronized (IN_THIS_JVM) {
      try {
        return channel.tryLock();
      } catch (OverlappingFileLockException heldHere) {
        return null;
      }
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // the process's end releases it all the same
    }
  }
}
