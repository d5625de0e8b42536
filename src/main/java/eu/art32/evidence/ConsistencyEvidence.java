package eu.art32.evidence;

import java.util.List;

/**
 * Whether the DR copy holds the same data as the primary: each table compared by chunked checksums
 * inside consistent snapshots of both nodes, and the replica's errant transactions.
 */
public record ConsistencyEvidence(
    String method, List<Table> tables, Errant errant, long millis, double rowsPerSecond) {
  public ConsistencyEvidence {
    tables = List.copyOf(tables);
  }

  /**
   * One table. {@code status} is MATCH, DIFFERENT, UNCONFIRMED (differed only while the nodes stood
   * at different positions), NOT_ASSESSED or ERROR; {@code samePosition} says whether both
   * snapshots stood at the same GTID position. Differing keys are counted in full and listed up to
   * a cap.
   */
  public record Table(
      String name,
      String status,
      String keyColumns,
      long rowsPrimary,
      long rowsReplica,
      int chunks,
      int mismatchingChunks,
      long missingOnReplica,
      long extraOnReplica,
      long different,
      List<String> sampleKeys,
      String primaryPosition,
      String replicaPosition,
      boolean samePosition,
      int attempts,
      long millis,
      String reason) {
    public Table {
      sampleKeys = List.copyOf(sampleKeys);
    }

    public long differingRows() {
      return missingOnReplica + extraOnReplica + different;
    }

    /** The same table with {@code note} added to its reason. */
    public Table withNote(String note) {
      return new Table(
          name,
          status,
          keyColumns,
          rowsPrimary,
          rowsReplica,
          chunks,
          mismatchingChunks,
          missingOnReplica,
          extraOnReplica,
          different,
          sampleKeys,
          primaryPosition,
          replicaPosition,
          samePosition,
          attempts,
          millis,
          reason == null ? note : reason + "; " + note);
    }
  }

  /** Transactions the replica has that the primary never executed. */
  public record Errant(
      String primaryGtids,
      String replicaGtids,
      long count,
      String description,
      List<Transaction> transactions) {
    public Errant {
      transactions = List.copyOf(transactions);
    }
  }

  /** An errant transaction as found in the replica's binary log. */
  public record Transaction(String gtid, String binlogFile, long position, List<String> writes) {
    public Transaction {
      writes = List.copyOf(writes);
    }
  }
}
