package eu.art32.topology;

import eu.art32.EnvironmentException;
import java.util.List;
import java.util.Map;

/**
 * What differs between MySQL and MariaDB, and between their versions: reading a node's replication
 * state, the statements that promote, fence and repoint a node, and the shape of GTIDs. The one
 * place that chooses statements from the server's version ({@link ServerVersion}).
 */
public sealed interface Dialect permits MariaDbDialect, MySqlDialect {
  /**
   * The dialect of a server from its {@code SELECT VERSION()}: MariaDB or MySQL, with statements
   * for that version. A version art32 cannot drive is refused with a message naming it.
   */
  static Dialect of(String version) {
    ServerVersion parsed = ServerVersion.parse(version);
    if (parsed.mariaDb()) {
      if (!parsed.atLeast(10, 5, 0)) {
        throw new EnvironmentException(
            parsed.label()
                + " is not supported: art32 needs MariaDB 10.5 or newer (SHUTDOWN WAIT FOR ALL SLAVES, GTID positions)");
      }
      return new MariaDbDialect(parsed);
    }
    if (!parsed.atLeast(5, 7, 9)) {
      throw new EnvironmentException(
          parsed.label()
              + " is not supported: art32 needs MySQL 5.7.9 or newer (super_read_only, SHUTDOWN, WAIT_FOR_EXECUTED_GTID_SET)");
    }
    return new MySqlDialect(parsed);
  }

  String flavor();

  /** The server version the statements were chosen for. */
  ServerVersion version();

  String replicaStatusSql();

  /** The replica uses GTID auto-positioning, judged from its normalised status row. */
  boolean usesGtidAutoPosition(Map<String, String> replicaStatus);

  /** What the GTID positioning column says, for the report. */
  String gtidPositioning(Map<String, String> replicaStatus);

  /** The executed GTID set of the node, from its variables. */
  String executedGtids(Map<String, String> variables);

  /** A query returning the executed GTIDs of the node as one string. */
  String executedGtidsSql();

  /**
   * A query returning what the node has received through replication (MariaDB {@code
   * gtid_slave_pos}); after promotion it marks the last transaction both nodes share.
   */
  String replicatedGtidsSql();

  /** A query with two parameters (GTIDs, timeout seconds) returning 0 once they are applied. */
  String waitForGtidsSql();

  String stopReplicaSql();

  String startReplicaSql();

  /** Forgets the replication source entirely, as a promoted node should. */
  String resetReplicaAllSql();

  /** Makes a node accept application writes. */
  List<String> writableSql();

  /** Makes a node refuse application writes (read_only, and super_read_only on MySQL). */
  List<String> fenceSql();

  /** The server options that start a node fenced, as {@link #fenceSql} leaves a running one. */
  List<String> fencedStartOptions();

  /** No transactions, in this flavour's form (the start of a set). */
  Transactions noTransactions();

  /** Points a node at a source with GTID auto-positioning. */
  String changeSourceSql(ReplicationSource source);

  /**
   * Transactions the old primary has that the promoted node never received. {@code commonPoint} is
   * the promoted node's replicated position (MariaDB); MySQL uses the sets.
   */
  Transactions missingFrom(String oldExecuted, String newExecuted, String commonPoint);

  /**
   * Statements that let a node whose binary log holds {@code errant} transactions (already undone
   * in its tables) rejoin as a replica: forget them and start from {@code commonPoint}.
   */
  List<String> forgetTransactionsSql(String oldExecuted, Transactions errant, String commonPoint);

  /**
   * Statements run on a node about to replicate so that GTID auto-positioning starts at {@code
   * position} (MariaDB sets gtid_slave_pos; MySQL needs nothing).
   */
  List<String> positionAsReplicaSql(String position);

  /** Lets art32's admin account write on a fenced node (MySQL super_read_only), app still off. */
  List<String> adminWritableSql();

  /** A clean shutdown that lets replicas receive every committed transaction first. */
  String shutdownSql();

  /** The received-but-maybe-not-applied GTIDs from a normalised replica status row. */
  String receivedGtids(Map<String, String> replicaStatus);

  /** The GTID a binary-log event starts, from SHOW BINLOG EVENTS, or null. */
  String gtidOfEvent(String eventType, String info);

  /**
   * An SQL expression hashing one row, given the row rendered as one string: the product of two
   * different CRC-32s. The product is not linear in the row's bits, so unlike BIT_XOR of one CRC-32
   * (pt-table-checksum's), two rows changed by the same bits do not cancel out.
   */
  String rowHash(String row);

  /**
   * A query turning the binary-log coordinates of a consistent snapshot (file, position) into a
   * GTID position, or null when the flavor has none.
   */
  String snapshotGtidSql();

  /**
   * Whether a replica stands exactly where the primary stands: the same transactions from every
   * source the primary's position names. Transactions only the replica has (errant ones) are
   * reported elsewhere and do not count here.
   */
  boolean samePosition(String primary, String replica);
}
