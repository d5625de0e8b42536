package eu.art32.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A physical backup directory written by mariadb-backup or XtraBackup: when it finished (from its
 * info file, else the folder's time) and the binary-log position and GTID it recorded.
 */
record BackupSet(
    Path dir,
    Instant finishedAt,
    String binlogFile,
    Long binlogPosition,
    String gtid,
    String tool) {
  private static final List<String> CHECKPOINTS =
      List.of("mariadb_backup_checkpoints", "xtrabackup_checkpoints");
  private static final DateTimeFormatter INFO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  static boolean isBackup(Path dir) {
    return CHECKPOINTS.stream().anyMatch(name -> Files.isRegularFile(dir.resolve(name)));
  }

  /** The backup directories directly under {@code parent}, newest first. */
  static List<BackupSet> under(Path parent) throws IOException {
    if (!Files.isDirectory(parent)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(parent)) {
      return children
          .filter(Files::isDirectory)
          .filter(BackupSet::isBackup)
          .map(BackupSet::read)
          .sorted(Comparator.comparing(BackupSet::finishedAt).reversed())
          .toList();
    }
  }

  static BackupSet read(Path dir) {
    Instant finished = null;
    String tool = null;
    Optional<String> info = first(dir, "mariadb_backup_info", "xtrabackup_info");
    if (info.isPresent()) {
      for (String line : info.get().split("\n")) {
        int eq = line.indexOf('=');
        if (eq < 0) {
          continue;
        }
        String key = line.substring(0, eq).trim();
        String value = line.substring(eq + 1).trim();
        if (key.equals("end_time")) {
          try {
            finished =
                LocalDateTime.parse(value, INFO_TIME).atZone(ZoneId.systemDefault()).toInstant();
          } catch (DateTimeParseException e) {
            finished = null;
          }
        } else if (key.equals("tool_name")) {
          tool = value;
        }
      }
    }
    if (finished == null) {
      try {
        finished = Files.getLastModifiedTime(dir).toInstant();
      } catch (IOException e) {
        finished = Instant.EPOCH;
      }
    }
    String file = null;
    Long position = null;
    String gtid = null;
    Optional<String> binlog = first(dir, "mariadb_backup_binlog_info", "xtrabackup_binlog_info");
    if (binlog.isPresent()) {
      String[] fields = binlog.get().trim().split("\\s+", 3);
      if (fields.length >= 2) {
        file = fields[0];
        try {
          position = Long.parseLong(fields[1]);
        } catch (NumberFormatException e) {
          position = null;
        }
      }
      if (fields.length == 3) {
        gtid = fields[2].trim();
      }
    }
    return new BackupSet(dir, finished, file, position, gtid, tool);
  }

  private static Optional<String> first(Path dir, String... names) {
    for (String name : names) {
      Path file = dir.resolve(name);
      if (Files.isRegularFile(file)) {
        try {
          return Optional.of(Files.readString(file));
        } catch (IOException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }
}
