package eu.art32.report;

import eu.art32.UsageException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The directory a run writes its evidence and reports into, checked before anything is touched: a
 * drill must not kill a primary and then find it cannot write the evidence of it.
 */
public final class OutputDirectory {
  private OutputDirectory() {}

  /**
   * Proves a file can be written in {@code out}: the folders it needs are made, a file is written
   * in it and removed, and the folders this made are removed again (so a run stopped by a later
   * usage error leaves nothing behind); a name too long, a dangling symbolic link or a folder
   * without the right to write is found here, before anything is touched; else exit 2.
   */
  public static void check(Path out) {
    check("--out", out);
  }

  /** {@link #check(Path)} for the directory of {@code option} (--out, --history). */
  public static void check(String option, Path out) {
    if (Files.isSymbolicLink(out) && !Files.exists(out)) {
      throw new UsageException(
          option + " " + out + ": a symbolic link to " + target(out) + ", which does not exist");
    }
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new UsageException(option + " " + out + ": is a file, not a directory");
    }
    List<Path> made = new ArrayList<>();
    try {
      Path existing = out.toAbsolutePath().normalize();
      while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
        made.add(0, existing);
        existing = existing.getParent();
      }
      for (Path dir : made) {
        Files.createDirectory(dir);
      }
      Files.delete(Files.createTempFile(out, ".art32-write-check", ".tmp"));
    } catch (IOException e) {
      // the kind of failure and the file system's reason (e.g. "File name too long"), not the path
      String reason =
          e instanceof FileSystemException f && f.getReason() != null ? ": " + f.getReason() : "";
      throw new UsageException(
          option
              + " "
              + out
              + ": cannot write there ("
              + e.getClass().getSimpleName().replace("Exception", "")
              + reason
              + ")");
    } finally {
      for (int i = made.size() - 1; i >= 0; i--) {
        try {
          Files.deleteIfExists(made.get(i));
        } catch (IOException e) {
          // left as it was made: empty
        }
      }
    }
  }

  private static String target(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      return "?";
    }
  }
}
