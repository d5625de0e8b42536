package eu.art32.drill;

import eu.art32.EnvironmentException;
import eu.art32.config.DrillConfig;
import eu.art32.evidence.Catalogue;
import eu.art32.evidence.DrillEvidence;
import eu.art32.evidence.Text;
import eu.art32.topology.BinlogReader;
import eu.art32.topology.Dialect;
import eu.art32.topology.ReplicationSource;
import eu.art32.topology.Transactions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Puts a pair back after a drill, from whatever state it was left in: not promoted, promoted,
 * half-way through a failback. The old primary's transactions that never reached the promoted node
 * are found through the GTID sets and its binary log; when they wrote only canary rows they are
 * undone (rows deleted without binary logging, GTIDs forgotten) before it rejoins, otherwise the
 * restorer stops and says what a person has to do. Used by the drill and by {@code art32 recover}.
 */
final class PairRestorer {
  /** What the restorer found and did. */
  record Result(DrillEvidence.GtidCheck gtids, DrillEvidence.Failback failback) {}

  private final DrillNode oldPrimary;
  private final DrillNode oldReplica;
  private final DrillConfig.Replication credentials;
  private final Journal.Source toPrimary;
  private final Journal.Source toReplica;
  private final DrillConfig.Failback mode;
  private final String canarySchema;
  private final Duration timeout;
  private final List<String> actions = new ArrayList<>();

  /** {@link #actions} as Texts, for the report in other languages. */
  private final List<Text> actionTexts = new ArrayList<>();

  PairRestorer(
      DrillNode oldPrimary,
      DrillNode oldReplica,
      DrillConfig.Replication credentials,
      Journal.Source toPrimary,
      Journal.Source toReplica,
      DrillConfig.Failback mode,
      String canarySchema,
      Duration timeout) {
    this.oldPrimary = oldPrimary;
    this.oldReplica = oldReplica;
    this.credentials = credentials;
    this.toPrimary = toPrimary;
    this.toReplica = toReplica;
    this.mode = mode;
    this.canarySchema = canarySchema;
    this.timeout = timeout;
  }

  Result restore(String commonPointHint) {
    awaitReachable(oldPrimary);
    awaitReachable(oldReplica);
    Dialect dialect = oldReplica.dialect();
    oldPrimary.useDialect(dialect);
    Map<String, String> primaryStatus = oldPrimary.replicaStatus();
    Map<String, String> replicaStatus = oldReplica.replicaStatus();
    DrillEvidence.GtidCheck gtids = null;
    if (replicatesFrom(primaryStatus, toReplica)) {
      act(Text.of("drill.act.continuing"));
    } else if (oldReplica.readOnly() && holds(oldPrimary, oldReplica)) {
      if (replicatesFrom(replicaStatus, toPrimary)) {
        act(Text.of("drill.act.notPromoted"));
        run(oldPrimary, dialect.writableSql());
        if (!"Yes".equalsIgnoreCase(replicaStatus.get("Slave_SQL_Running"))
            || !"Yes".equalsIgnoreCase(replicaStatus.get("Slave_IO_Running"))) {
          run(oldReplica, List.of(dialect.startReplicaSql()));
        }
        return new Result(null, finish(oldPrimary, oldReplica, false));
      }
      act(Text.of("drill.act.originalBack"));
      repoint(oldReplica, oldPrimary, toPrimary, oldReplica.executedGtids());
      return new Result(null, finish(oldPrimary, oldReplica, false));
    } else {
      gtids = rejoinOldPrimary(dialect, commonPointHint);
    }
    String target = oldReplica.executedGtids();
    if (!oldPrimary.awaitGtids(target, timeout)) {
      throw failed(
          "the old primary did not catch up with the promoted node ("
              + target
              + ") within "
              + timeout.toSeconds()
              + " s",
          null);
    }
    act(Text.of("drill.act.caughtUp", target));
    if (mode == DrillConfig.Failback.SWAP) {
      if (!oldReplica.replicaStatus().isEmpty()) {
        run(oldReplica, List.of(dialect.stopReplicaSql(), dialect.resetReplicaAllSql()));
      }
      run(oldReplica, dialect.writableSql());
      return new Result(gtids, finish(oldReplica, oldPrimary, true));
    }
    run(oldReplica, dialect.fenceSql());
    String last = oldReplica.executedGtids();
    if (!oldPrimary.awaitGtids(last, timeout)) {
      throw failed(
          "the old primary did not reach " + last + " after the promoted node was fenced", null);
    }
    run(oldPrimary, List.of(dialect.stopReplicaSql(), dialect.resetReplicaAllSql()));
    run(oldPrimary, dialect.writableSql());
    act(Text.of("drill.act.switchedBack"));
    repoint(oldReplica, oldPrimary, toPrimary, last);
    return new Result(gtids, finish(oldPrimary, oldReplica, false));
  }

  /**
   * Fences the old primary, finds its transactions the promoted node lacks, undoes them when they
   * are canary rows only, and makes it a replica of the promoted node.
   */
  private DrillEvidence.GtidCheck rejoinOldPrimary(Dialect dialect, String commonPointHint) {
    run(oldPrimary, dialect.fenceSql());
    String oldExecuted = oldPrimary.executedGtids();
    String newExecuted = oldReplica.executedGtids();
    String commonPoint =
        commonPointHint != null && !commonPointHint.isBlank()
            ? commonPointHint
            : nullToEmpty(oldReplica.string(dialect.replicatedGtidsSql()));
    Transactions missing = dialect.missingFrom(oldExecuted, newExecuted, commonPoint);
    List<BinlogReader.Found> found =
        BinlogReader.find(
            oldPrimary.toString(), oldPrimary.connect(), oldPrimary.dialect(), missing);
    List<DrillEvidence.Transaction> listed =
        found.stream().map(f -> new DrillEvidence.Transaction(f.gtid(), f.writes())).toList();
    String position = oldExecuted.isBlank() ? commonPoint : oldExecuted;
    Text note = Text.of(missing.isEmpty() ? "drill.gtid.none" : "drill.gtid.missing");
    DrillEvidence.GtidCheck check =
        new DrillEvidence.GtidCheck(
            true,
            oldExecuted,
            newExecuted,
            commonPoint,
            missing.count(),
            missing.describe(),
            listed,
            null,
            Catalogue.english().say(note),
            note,
            byTable(found));
    if (!missing.isEmpty()) {
      boolean safe =
          found.size() == missing.count() && found.stream().allMatch(f -> f.onlyIn(canarySchema));
      if (!safe) {
        throw new DrillFailedException(
            "the old primary holds "
                + missing.count()
                + " transaction(s) the promoted node never received ("
                + missing.describe()
                + ") and not all of them are art32 canary writes; art32 will not discard them",
            Instructions.forPair(oldPrimary, oldReplica, actionTexts),
            null,
            check);
      }
      run(oldPrimary, dialect.adminWritableSql());
      long undone = undoCanaryRows();
      run(oldPrimary, dialect.forgetTransactionsSql(oldExecuted, missing, commonPoint));
      run(oldPrimary, dialect.fenceSql());
      act(Text.of("drill.act.undid", missing.count(), undone, missing.describe()));
      position = commonPoint;
    }
    repoint(oldPrimary, oldReplica, toReplica, position);
    act(Text.of("drill.act.rejoined"));
    return check;
  }

  /** The found transactions counted per table they wrote, canary tables apart. */
  private List<DrillEvidence.TableLoss> byTable(List<BinlogReader.Found> found) {
    Map<String, Long> counts = new TreeMap<>();
    for (BinlogReader.Found f : found) {
      if (f.tables().isEmpty()) {
        counts.merge("(statements only)", 1L, Long::sum);
      }
      for (String table : f.tables()) {
        counts.merge(table, 1L, Long::sum);
      }
    }
    return counts.entrySet().stream()
        .map(
            e ->
                new DrillEvidence.TableLoss(
                    e.getKey(), e.getValue(), e.getKey().startsWith(canarySchema + ".")))
        .toList();
  }

  /** Deletes, without binary logging, canary rows the old primary has and the promoted node not. */
  private long undoCanaryRows() {
    TreeSet<Long> extra = seqs(oldPrimary, canarySchema);
    extra.removeAll(seqs(oldReplica, canarySchema));
    List<Long> all = new ArrayList<>(extra);
    for (int i = 0; i < all.size(); i += 500) {
      List<Long> chunk = all.subList(i, Math.min(all.size(), i + 500));
      oldPrimary.executeUnlogged(
          "DELETE FROM `"
              + canarySchema
              + "`."
              + CanaryLoad.TABLE
              + " WHERE seq IN ("
              + String.join(",", chunk.stream().map(String::valueOf).toList())
              + ")");
    }
    return all.size();
  }

  static TreeSet<Long> seqs(DrillNode node, String schema) {
    TreeSet<Long> seqs = new TreeSet<>();
    try (Connection c = node.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT seq FROM `" + schema + "`." + CanaryLoad.TABLE)) {
      while (rs.next()) {
        seqs.add(rs.getLong(1));
      }
    } catch (SQLException e) {
      throw new EnvironmentException(node + ": cannot read the canary table: " + e.getMessage(), e);
    }
    return seqs;
  }

  private void repoint(DrillNode replica, DrillNode source, Journal.Source how, String position) {
    run(replica, repointSql(replica.dialect(), source(how), position));
    act(Text.of("drill.act.repointed", role(replica), role(source), how.host() + ":" + how.port()));
  }

  /**
   * The statements that make a node replicate from {@code source}, starting at {@code position}.
   */
  static List<String> repointSql(Dialect dialect, ReplicationSource source, String position) {
    List<String> sql = new ArrayList<>();
    sql.add(dialect.stopReplicaSql());
    sql.addAll(dialect.positionAsReplicaSql(position));
    sql.add(dialect.changeSourceSql(source));
    sql.add(dialect.startReplicaSql());
    return sql;
  }

  private ReplicationSource source(Journal.Source how) {
    return new ReplicationSource(
        how.host(),
        how.port(),
        credentials.user(),
        credentials.password(),
        how.ssl(),
        how.sslCa(),
        how.verify());
  }

  /** Checks the final roles: replica threads running, replica read-only, primary writable. */
  private DrillEvidence.Failback finish(DrillNode primary, DrillNode replica, boolean swapped) {
    List<String> problems = new ArrayList<>();
    Map<String, String> status = awaitThreads(replica);
    if (!"Yes".equalsIgnoreCase(status.get("Slave_IO_Running"))) {
      problems.add(
          "replica IO thread: "
              + status.getOrDefault("Slave_IO_Running", "absent")
              + " "
              + nullToEmpty(status.get("Last_IO_Error")));
    }
    if (!"Yes".equalsIgnoreCase(status.get("Slave_SQL_Running"))) {
      problems.add(
          "replica SQL thread: "
              + status.getOrDefault("Slave_SQL_Running", "absent")
              + " "
              + nullToEmpty(status.get("Last_SQL_Error")));
    }
    if (!replica.readOnly()) {
      run(replica, replica.dialect().fenceSql());
    }
    if (primary.readOnly()) {
      run(primary, primary.dialect().writableSql());
    }
    if (!problems.isEmpty()) {
      throw failed(
          "replication is not healthy after failback: " + String.join("; ", problems), null);
    }
    Text roles =
        Text.of(
            swapped ? "drill.failback.swapped" : "drill.failback.original",
            primary.config().address(),
            replica.config().address());
    return new DrillEvidence.Failback(
        mode.name().toLowerCase(Locale.ROOT),
        true,
        swapped,
        primary.toString(),
        replica.toString(),
        Catalogue.english().say(roles),
        roles,
        actions,
        actionTexts,
        null,
        null);
  }

  private Map<String, String> awaitThreads(DrillNode replica) {
    long deadline =
        System.nanoTime() + Math.min(timeout.toNanos(), Duration.ofSeconds(30).toNanos());
    Map<String, String> status = replica.replicaStatus();
    while (System.nanoTime() < deadline
        && !("Yes".equalsIgnoreCase(status.get("Slave_IO_Running"))
            && "Yes".equalsIgnoreCase(status.get("Slave_SQL_Running")))) {
      sleep(50);
      status = replica.replicaStatus();
    }
    return status;
  }

  private void run(DrillNode node, List<String> statements) {
    if (statements.isEmpty()) {
      return;
    }
    node.execute(statements.toArray(String[]::new));
    for (String sql : statements) {
      act(Text.of("drill.act.sql", role(node), DrillNode.abbreviate(sql)));
    }
  }

  /** One step of the failback, in English for the instructions and as a Text for the report. */
  private void act(Text action) {
    actions.add(Catalogue.english().say(action));
    actionTexts.add(action);
  }

  /** A node's role word ("primary", "replica") in the report's language. */
  static Text role(DrillNode node) {
    return Text.word("role." + node.label(), node.label());
  }

  /** Whether {@code holder} has every transaction of {@code other}. */
  private static boolean holds(DrillNode holder, DrillNode other) {
    String mine = holder.executedGtids();
    return holder.dialect().missingFrom(other.executedGtids(), mine, mine).isEmpty();
  }

  private static boolean replicatesFrom(Map<String, String> status, Journal.Source source) {
    return !status.isEmpty() && Integer.toString(source.port()).equals(status.get("Master_Port"));
  }

  private void awaitReachable(DrillNode node) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!node.reachable()) {
      if (System.nanoTime() > deadline) {
        throw failed(node + " is not reachable after " + timeout.toSeconds() + " s", null);
      }
      sleep(200);
    }
  }

  private DrillFailedException failed(String message, Throwable cause) {
    return new DrillFailedException(
        message, Instructions.forPair(oldPrimary, oldReplica, actionTexts), cause);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EnvironmentException("interrupted while restoring the pair");
    }
  }
}
