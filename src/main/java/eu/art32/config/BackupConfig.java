package eu.art32.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where a pair's physical backups come from and how art32 restores one to prove it works. With
 * {@code command}, art32 takes a fresh backup into a new folder under {@code directory} (the
 * command sees it as {@code $ART32_BACKUP_DIR}); without, it verifies the newest backup already in
 * {@code directory}. {@code node} is the node the backups are taken from.
 */
public record BackupConfig(
    String node,
    String command,
    Path directory,
    String tool,
    List<String> verifyTables,
    Duration timeout) {
  public BackupConfig {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(tool, "tool");
    verifyTables = List.copyOf(verifyTables);
    Objects.requireNonNull(timeout, "timeout");
  }
}
