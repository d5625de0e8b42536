package eu.art32.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupSetTest {
  @Test
  void readsTheRecordedPositionAndFinishTimeNewestFirst(@TempDir Path dir) throws Exception {
    Path older = backup(dir.resolve("a"), "2026-11-24 02:00:05", "binlog.000007\t1234\t0-1-88");
    Path newer = backup(dir.resolve("b"), "2026-11-25 02:00:09", "binlog.000009\t42\t0-1-99,1-3-4");
    Files.createDirectories(dir.resolve("not-a-backup"));

    var sets = BackupSet.under(dir);

    assertThat(sets).extracting(BackupSet::dir).containsExactly(newer, older);
    BackupSet b = sets.get(0);
    assertThat(b.binlogFile()).isEqualTo("binlog.000009");
    assertThat(b.binlogPosition()).isEqualTo(42L);
    assertThat(b.gtid()).isEqualTo("0-1-99,1-3-4");
    assertThat(b.tool()).isEqualTo("mariadb-backup");
    assertThat(b.finishedAt())
        .isEqualTo(
            LocalDateTime.of(2026, 11, 25, 2, 0, 9).atZone(ZoneId.systemDefault()).toInstant());
  }

  @Test
  void aMissingDirectoryHasNoBackups(@TempDir Path dir) throws Exception {
    assertThat(BackupSet.under(dir.resolve("absent"))).isEmpty();
  }

  private static Path backup(Path dir, String end, String binlog) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("xtrabackup_checkpoints"), "backup_type = full-backuped\n");
    Files.writeString(
        dir.resolve("xtrabackup_info"),
        "tool_name = mariadb-backup\nstart_time = " + end + "\nend_time = " + end + "\n");
    Files.writeString(dir.resolve("xtrabackup_binlog_info"), binlog + "\n");
    return dir;
  }
}
