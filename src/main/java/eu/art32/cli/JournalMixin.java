package eu.art32.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where drill journals live, for the commands that run or recover drills. */
final class JournalMixin {
  @Option(
      names = "--journal-dir",
      paramLabel = "DIR",
      defaultValue = ".art32/drills",
      description = "Where drill journals live while drills run (default: ${DEFAULT-VALUE}).")
  Path journalDir;
}
