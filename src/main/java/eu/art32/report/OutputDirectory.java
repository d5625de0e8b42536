package eu.art32.report;

import eu.art32.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The directory a run writes its evidence and reports into, checked before anything is touched: a
 * drill must not kill a primary and then find it cannot write the evidence of it.
 */
public final class OutputDirectory {
  private OutputDirectory() {}

  /**
   * Proves a file can be written in {@code out}, or in the nearest existing folder above it when it
   * does not exist yet (which is created only when the reports are written, so a run stopped by a
   * later usage error leaves nothing behind); else exit 2.
   */
  public static void check(Path out) {
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new UsageException("--out " + out + ": is a file, not a directory; nothing was run");
    }
    Path existing = out.toAbsolutePath();
    while (!Files.exists(existing) && existing.getParent() != null) {
      existing = existing.getParent();
    }
    if (!Files.isDirectory(existing)) {
      throw new UsageException(
          "--out " + out + ": " + existing + " is a file, not a directory; nothing was run");
    }
    try {
      Files.delete(Files.createTempFile(existing, ".art32-write-check", ".tmp"));
    } catch (IOException e) {
      throw new UsageException(
          "--out "
              + out
              + ": cannot write in "
              + existing
              + " ("
              + e.getClass().getSimpleName().replace("Exception", "")
              + "); nothing was run");
    }
  }
}
