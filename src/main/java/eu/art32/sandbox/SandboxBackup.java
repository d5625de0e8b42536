package eu.art32.sandbox;

import eu.art32.EnvironmentException;
import eu.art32.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The sandbox's backups when mariadb-backup is installed: one taken of the replica at {@code
 * sandbox up} (the "scheduled" backup whose age the audit checks), and the command every audit runs
 * to take and restore a fresh one.
 */
record SandboxBackup(Path dir, SandboxNode replica) {
  static final String FOLDER = "backups";

  static boolean available() {
    return SandboxMirror.executable("mariadb-backup");
  }

  Path directory() {
    return dir.resolve(FOLDER);
  }

  /** The backup command for art32.yaml; credentials come from client.cnf beside it. */
  String command() {
    return "mariadb-backup --defaults-file="
        + dir.resolve("client.cnf")
        + " --backup --target-dir=$ART32_BACKUP_DIR --host=127.0.0.1 --port="
        + replica.port();
  }

  /** Takes the first backup of the replica, as a nightly job would have. */
  void takeInitial() {
    Path target =
        directory()
            .resolve(
                "nightly-"
                    + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                        .withZone(ZoneOffset.UTC)
                        .format(Instant.now()));
    try {
      Files.createDirectories(directory());
    } catch (IOException e) {
      throw new EnvironmentException("cannot create " + directory() + ": " + e.getMessage(), e);
    }
    Shell.Result result =
        Shell.run(
            List.of("sh", "-c", command()),
            Duration.ofMinutes(5),
            Map.of("ART32_BACKUP_DIR", target.toString()));
    if (!result.succeeded()) {
      String[] lines = result.output().strip().split("\n");
      throw new EnvironmentException(
          "mariadb-backup of the sandbox replica failed (exit "
              + result.exitCode()
              + "): "
              + lines[lines.length - 1]);
    }
  }
}
