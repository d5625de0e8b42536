package eu.art32.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AbandonedBackupsTest {
  @TempDir Path dir;

  private Path backup(String name, String owner) throws Exception {
    Path b = Files.createDirectories(dir.resolve(name));
    Files.writeString(b.resolve("ibdata1"), "data");
    Files.writeString(dir.resolve(name + ".owner"), owner);
    return b;
  }

  @Test
  void aBackupOfAProcessThatNoLongerRunsIsRemovedAndALiveOnesIsKept() throws Exception {
    ProcessHandle me = ProcessHandle.current();
    Path mine =
        backup(
            "art32-20261201T100000Z-shop-1a2b",
            me.pid() + " " + me.info().startInstant().orElseThrow());
    Path killed = backup("art32-20261201T090000Z-shop-3c4d", "2147483646 2026-12-01T09:00:00Z");
    Path reused = backup("art32-20261201T080000Z-shop-5e6f", me.pid() + " 2020-01-01T00:00:00Z");
    Path operators = Files.createDirectories(dir.resolve("nightly-2026-12-01"));

    BackupVerification.removeAbandoned(dir);

    assertThat(mine).as("its owner still runs").exists();
    assertThat(killed).as("its owner is gone").doesNotExist();
    assertThat(dir.resolve("art32-20261201T090000Z-shop-3c4d.owner")).doesNotExist();
    assertThat(reused).as("the pid now belongs to another process").doesNotExist();
    assertThat(operators).as("never touched: not art32's").exists();
  }
}
