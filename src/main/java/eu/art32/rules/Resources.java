package eu.art32.rules;

import eu.art32.EnvironmentException;
import eu.art32.UsageException;
import eu.art32.config.TextFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files that ship inside the jar and can be overridden from a directory on disk: rules/ and
 * templates/. A name missing from the override directory falls back to the packaged default.
 */
public record Resources(String folder, Path overrideDir) {
  public Resources {
    if (overrideDir != null && !Files.isDirectory(overrideDir)) {
      // a path the user typed: a usage error (exit 2), found before anything runs
      throw new UsageException(
          "--" + folder + " " + overrideDir + ": no such directory; nothing was run");
    }
  }

  /** The name to show in messages: the disk path, or {@code jar:rules/NAME}. */
  public String describe(String name) {
    Path onDisk = onDisk(name);
    return onDisk != null ? onDisk.toString() : "jar:" + folder + "/" + name;
  }

  public String read(String name) {
    Path onDisk = onDisk(name);
    try {
      if (onDisk != null) {
        return TextFile.read(onDisk, "rules file");
      }
      try (InputStream in = Resources.class.getResourceAsStream("/" + folder + "/" + name)) {
        if (in == null) {
          throw new EnvironmentException("missing packaged file " + folder + "/" + name);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new EnvironmentException("cannot read " + describe(name) + ": " + e.getMessage(), e);
    }
  }

  private Path onDisk(String name) {
    if (overrideDir == null) {
      return null;
    }
    Path file = overrideDir.resolve(name);
    return Files.isRegularFile(file) ? file : null;
  }
}
