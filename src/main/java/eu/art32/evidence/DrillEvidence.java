package eu.art32.evidence;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one failover drill established: the timeline, each promotion step, the transactions lost
 * (RPO), the time to the first committed write (RTO), the GTID cross-check, fencing, the verify
 * results and the failback. Times are milliseconds since the fault unless named otherwise.
 */
public record DrillEvidence(
    String drillId,
    String fault,
    String faultDetail,
    Text faultDetailText,
    String promotion,
    Text promotionText,
    Instant startedAt,
    Instant faultAt,
    List<Event> timeline,
    List<Step> steps,
    Canary canary,
    Rpo rpo,
    Rto rto,
    GtidCheck gtids,
    Fencing fencing,
    List<TableCheck> tables,
    Failback failback,
    FilesAtFault filesAtFault,
    String aborted,
    Endpoint endpoint) {
  public DrillEvidence {
    Objects.requireNonNull(drillId, "drillId");
    Objects.requireNonNull(fault, "fault");
    timeline = List.copyOf(timeline);
    steps = List.copyOf(steps);
    tables = tables == null ? List.of() : List.copyOf(tables);
  }

  /**
   * One moment of the drill. {@code ms} is the offset from the fault (negative before it); {@code
   * detailText} holds the detail's words for other languages (null when the detail is verbatim: a
   * step's name, a server's error).
   */
  public record Event(String name, String detail, Text detailText, Instant at, Double ms) {}

  /** One promotion or runbook step, timed on its own. */
  public record Step(
      String name,
      String kind,
      String on,
      String text,
      double startMs,
      double durationMs,
      String outcome,
      String output) {
    public boolean succeeded() {
      return "ok".equals(outcome);
    }
  }

  /** The canary load: sequence-numbered commits from art32's own connections. */
  public record Canary(
      String schema,
      int connections,
      long ackedBeforeFault,
      double commitsPerSecond,
      long ackedOnPromoted) {}

  /**
   * Acknowledged commits lost, as counted from the canary, and the data-loss window: from the
   * newest acknowledged commit present on the promoted node to the last acknowledged one.
   */
  public record Rpo(
      long acknowledged,
      long present,
      long lost,
      List<String> lostRanges,
      double lossWindowMs,
      long unacknowledgedPresent,
      boolean gapFree,
      List<String> holes,
      Double lossWindowUndistortedMs) {
    public Rpo {
      lostRanges = List.copyOf(lostRanges);
      holes = List.copyOf(holes);
      lossWindowUndistortedMs =
          lossWindowUndistortedMs == null ? lossWindowMs : lossWindowUndistortedMs;
    }

    /** An RPO without a lower bound of the window (evidence of an older art32, or a test). */
    public Rpo(
        long acknowledged,
        long present,
        long lost,
        List<String> lostRanges,
        double lossWindowMs,
        long unacknowledgedPresent,
        boolean gapFree,
        List<String> holes) {
      this(
          acknowledged,
          present,
          lost,
          lostRanges,
          lossWindowMs,
          unacknowledgedPresent,
          gapFree,
          holes,
          null);
    }

    public boolean within(long objectiveMs) {
      return lossWindowMs <= objectiveMs;
    }

    /**
     * The loss window as measured (acknowledgement to acknowledgement) and as at least (the last
     * commit's send to the newest kept one's acknowledgement).
     */
    public TimedFigure window() {
      return new TimedFigure(lossWindowMs, lossWindowUndistortedMs);
    }
  }

  /** Fault to first committed canary write on the promoted node, with its phases. */
  public record Rto(
      Double ms,
      Instant firstWriteAt,
      List<Phase> phases,
      Double undistortedMs,
      HostNoise host,
      Double databaseMs,
      Double detectTimeoutMs) {
    public Rto {
      phases = List.copyOf(phases);
      undistortedMs = undistortedMs == null ? ms : undistortedMs;
    }

    /** An RTO measured at the database: no endpoint, so no figure apart for the nodes. */
    public Rto(
        Double ms, Instant firstWriteAt, List<Phase> phases, Double undistortedMs, HostNoise host) {
      this(ms, firstWriteAt, phases, undistortedMs, host, null, null);
    }

    /** An RTO measured without a host watch (evidence of an older art32, or a test). */
    public Rto(Double ms, Instant firstWriteAt, List<Phase> phases) {
      this(ms, firstWriteAt, phases, null, null);
    }

    public boolean achieved() {
      return ms != null;
    }

    public boolean within(long objectiveMs) {
      return ms != null && ms <= objectiveMs;
    }

    /**
     * The RTO as measured and less every moment the art32 host watch was late between the fault and
     * the first write (null when no write committed).
     */
    public TimedFigure figure() {
      return ms == null ? null : new TimedFigure(ms, undistortedMs);
    }
  }

  /**
   * The canary through the application's endpoint: commits each node acknowledged through it, those
   * on a node that is neither, those the old primary acknowledged after the fault, and the split
   * brain: commits the old primary acknowledged after the promoted node had accepted writes (first
   * and last in ms since the fault).
   */
  public record Endpoint(
      String address,
      int connections,
      long onOldPrimary,
      long onPromoted,
      long elsewhere,
      long onOldPrimaryAfterFault,
      long splitBrainCommits,
      Double firstSplitBrainMs,
      Double lastSplitBrainMs,
      long attempts,
      String lastError,
      String afterFailbackServerId,
      Boolean afterFailbackWritable,
      String afterFailbackError) {

    /** Where the endpoint led once the pair was put back: a node, and whether it takes writes. */
    public Endpoint afterFailback(String serverId, Boolean writable, String error) {
      return new Endpoint(
          address,
          connections,
          onOldPrimary,
          onPromoted,
          elsewhere,
          onOldPrimaryAfterFault,
          splitBrainCommits,
          firstSplitBrainMs,
          lastSplitBrainMs,
          attempts,
          lastError,
          serverId,
          writable,
          error);
    }
  }

  /** A span of the recovery, for the phase breakdown. */
  public record Phase(String name, double startMs, double durationMs) {}

  /** The old primary's transactions the promoted node never received, from the GTID sets. */
  public record GtidCheck(
      boolean assessed,
      String oldPrimaryGtids,
      String promotedGtids,
      String commonPoint,
      long missingCount,
      String missing,
      List<Transaction> transactions,
      Boolean agreesWithCanary,
      String note,
      Text noteText,
      List<TableLoss> byTable) {
    public GtidCheck {
      transactions = transactions == null ? List.of() : List.copyOf(transactions);
      byTable = byTable == null ? List.of() : List.copyOf(byTable);
    }

    /** The same check with {@code agrees} and {@code note} in place of its own. */
    public GtidCheck withCrossCheck(Boolean agrees, Text newNote) {
      return new GtidCheck(
          assessed,
          oldPrimaryGtids,
          promotedGtids,
          commonPoint,
          missingCount,
          missing,
          transactions,
          agrees,
          Catalogue.english().say(newNote),
          newNote,
          byTable);
    }
  }

  /**
   * The whole loss by table: how many of the transactions the promoted node lacks wrote {@code
   * table} (a transaction writing two tables counts for each), and whether it is art32's canary.
   */
  public record TableLoss(String table, long transactions, boolean canary) {}

  /** One transaction from a binary log and the tables it wrote. */
  public record Transaction(String gtid, List<String> tables) {
    public Transaction {
      tables = List.copyOf(tables);
    }
  }

  /** Whether the old primary was kept from accepting writes after promotion. */
  public record Fencing(String when, boolean verified, String detail, Text detailText) {
    /** The fencing with its detail said in English and kept as a Text. */
    public static Fencing of(String when, boolean verified, Text detail) {
      return new Fencing(when, verified, Catalogue.english().say(detail), detail);
    }
  }

  /** Row count and checksum of one configured table on both nodes after failback. */
  public record TableCheck(
      String table,
      Long primaryRows,
      Long replicaRows,
      String primaryChecksum,
      String replicaChecksum) {
    public boolean matches() {
      return primaryRows != null
          && primaryRows.equals(replicaRows)
          && Objects.equals(primaryChecksum, replicaChecksum);
    }
  }

  /**
   * The file mirror at the fault: files written on the primary side in the last {@code seconds}
   * before it, and those the mirror did not hold - the files a failover at that moment loses.
   */
  public record FilesAtFault(
      String source, int seconds, long changed, long missingOnMirror, List<String> samples) {
    public FilesAtFault {
      samples = List.copyOf(samples);
    }
  }

  /** How the pair was put back and whether replication was healthy at the end. */
  public record Failback(
      String mode,
      boolean healthy,
      boolean rolesSwapped,
      String primary,
      String replica,
      String detail,
      Text detailText,
      List<String> actions,
      List<Text> actionTexts,
      String instructions,
      Text instructionsText) {
    public Failback {
      actions = List.copyOf(actions);
      actionTexts = actionTexts == null ? null : List.copyOf(actionTexts);
    }
  }
}
