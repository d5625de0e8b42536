package eu.art32.cli;

import eu.art32.config.Art32Config;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where drill journals live, for the commands that run or recover drills. */
final class JournalMixin {
  @Option(
      names = "--journal-dir",
      paramLabel = "DIR",
      description =
          "Where drill journals live while drills run (default: .art32/drills beside the config file, so `art32 recover` finds them from any directory).")
  Path journalDir;

  /** The journal directory: --journal-dir, else {@code .art32/drills} beside the config file. */
  Path dir(Art32Config config) {
    if (journalDir != null) {
      return journalDir;
    }
    Path parent = config.file().toAbsolutePath().getParent();
    return (parent == null ? Path.of(".") : parent).resolve(".art32").resolve("drills");
  }
}
