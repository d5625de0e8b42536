package eu.art32.evidence;

import java.time.Instant;
import java.util.List;

/**
 * One backup restored for real: where it came from, how old it was, each restore phase in
 * milliseconds (the restore RTO is their sum up to the first answered query), and its tables
 * compared with the source node at the backup's recorded position.
 */
public record BackupEvidence(
    String node,
    String directory,
    String tool,
    boolean taken,
    Long backupMillis,
    Instant finishedAt,
    Long ageSeconds,
    String binlogPosition,
    String gtidPosition,
    String serverVersion,
    List<Phase> phases,
    Long restoreRtoMillis,
    String comparedWith,
    List<Table> tables,
    String error) {
  public BackupEvidence {
    phases = List.copyOf(phases);
    tables = List.copyOf(tables);
  }

  public record Phase(String name, long millis, String detail) {}

  /** A table of the restored server beside the same table on the source node. */
  public record Table(
      String name, Long rowsRestored, Long rowsSource, boolean checksumsMatch, String detail) {}
}
