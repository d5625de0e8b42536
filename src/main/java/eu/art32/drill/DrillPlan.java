package eu.art32.drill;

import eu.art32.Art32Exception;
import eu.art32.config.DrillConfig;
import eu.art32.config.PairConfig;
import eu.art32.config.Secret;
import eu.art32.topology.Dialect;
import eu.art32.topology.MariaDbDialect;
import eu.art32.topology.NodeConnector;
import eu.art32.topology.ReplicationSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code art32 drill --dry-run} prints: every step, command and SQL statement of the drill, in
 * order, with secrets masked. It reads the servers (version, pid file) when they answer and changes
 * nothing.
 */
public final class DrillPlan {
  private DrillPlan() {}

  private static String repoint(Dialect dialect, ReplicationSource source) {
    return String.join("; ", PairRestorer.repointSql(dialect, source, "0-0-0"))
        .replace("0-0-0", "<its position>");
  }

  public static List<String> describe(PairConfig pair, Path journalDir) {
    DrillConfig d = pair.drill();
    NodeConnector connector = new NodeConnector(Duration.ofSeconds(2), Duration.ofSeconds(10));
    DrillNode primary = new DrillNode("primary", pair.primary(), connector);
    Dialect dialect;
    String note = "";
    Optional<LocalServer> server = Optional.empty();
    try {
      dialect = primary.dialect();
      server = LocalServer.find(primary);
    } catch (Art32Exception e) {
      dialect = MariaDbDialect.newest();
      note =
          " (primary not readable: "
              + Art32Exception.firstLine(e.getMessage())
              + "; MariaDB statements shown)";
    }
    primary.useDialect(dialect);
    List<String> fence = dialect.fencedStartOptions();
    String pid = server.map(s -> Long.toString(s.pid())).orElse("<pid>");
    List<String> out = new ArrayList<>();
    out.add(
        "Drill plan for pair '"
            + pair.name()
            + "' ("
            + dialect.flavor()
            + note
            + "); --dry-run touches nothing.");
    out.add(
        "1. Pre-flight, read-only: replica replicates from this primary with both threads running;");
    out.add(
        "   caught up within "
            + d.maxLag().toMillis()
            + " ms; GTID auto-positioning; replica read_only;");
    out.add(
        "   no errant GTIDs on the replica; fault target found; replication account '"
            + (d.replication() == null ? "?" : d.replication().user())
            + "' logs in; schema "
            + d.canarySchema()
            + " absent.");
    out.add("2. Canary, on the primary " + pair.primary().address() + ":");
    for (String sql :
        CanaryLoad.setupSql(d.canarySchema(), List.of("<art32 client host>"), "******")) {
      out.add("     " + sql);
    }
    out.add(
        "   then "
            + d.canaryConnections()
            + " connection(s) as "
            + CanaryLoad.USER
            + ": INSERT INTO `"
            + d.canarySchema()
            + "`."
            + CanaryLoad.TABLE
            + " (seq, writer, drill) VALUES (?, ?, ?)");
    out.add(
        "   one commit after another, for "
            + d.warmup().toMillis()
            + " ms before the fault and on through it.");
    String faultText =
        switch (d.fault()) {
          case KILL -> "kill -KILL " + pid + " (SIGKILL to the primary's server process)";
          case STOP -> "on the primary: " + dialect.shutdownSql();
          case FREEZE -> "kill -STOP " + pid + " (the process hangs and keeps its port)";
          case PARTITION -> new Fault.Partition(pair.primary().port(), "art32-drill").describe();
          case COMMAND -> "sh -c '" + d.faultCommand() + "'";
        };
    out.add("3. Fault (" + d.fault().name().toLowerCase(Locale.ROOT) + "): " + faultText);
    out.add(
        "4. Promotion ("
            + switch (d.promotion()) {
              case RUNBOOK -> "runbook";
              case BUILTIN -> "built-in";
              case EXTERNAL -> "external";
            }
            + (d.promotion() == DrillConfig.Promotion.EXTERNAL
                ? (d.manager() == null ? "" : ": " + d.manager())
                    + "): art32 runs nothing; it watches both nodes every few ms and the canary"
                    + " knocks on the replica, for at most "
                    + d.detectTimeout().toMillis()
                    + " ms (detectTimeout)"
                : "), each step timed:"));
    int i = 1;
    for (Promotion.Planned step : Promotion.plan(pair, dialect)) {
      out.add(
          "   4."
              + i++
              + " "
              + step.name()
              + " ["
              + (step.kind().name().equals("SQL")
                  ? "SQL on " + step.on().name().toLowerCase(Locale.ROOT)
                  : "command")
              + ", timeout "
              + step.timeout().toMillis()
              + " ms]: "
              + step.text());
    }
    out.add(
        "5. Fence the old primary (at once if it answers, else the moment it is back): "
            + String.join("; ", dialect.fenceSql()));
    out.add(
        "6. Measure: RTO = fault -> first canary commit on the promoted node (retried every ms after promotion)"
            + (d.healthCheck() == null
                ? ""
                : ", then health check "
                    + d.healthCheck().kind().name().toLowerCase(Locale.ROOT)
                    + " "
                    + d.healthCheck().target())
            + ";");
    out.add(
        "   RPO = acknowledged canary commits missing on the promoted node and the loss window; GTID cross-check old minus new.");
    String heal =
        switch (d.fault()) {
          case KILL ->
              "start the server again read-only: "
                  + server
                      .map(s -> String.join(" ", s.restartCommand(fence)))
                      .orElse("<its command line>");
          case STOP ->
              server.isPresent()
                  ? "start the server again read-only: "
                      + String.join(" ", server.get().restartCommand(fence))
                  : "sh -c '" + d.recoverCommand() + "'";
          case FREEZE -> "kill -CONT " + pid;
          case PARTITION -> "iptables -D (the rules above)";
          case COMMAND ->
              d.recoverCommand() == null
                  ? "wait until the old primary answers"
                  : "sh -c '" + d.recoverCommand() + "'";
        };
    Secret masked = new Secret("******", "masked");
    String user = d.replication() == null ? "<replication user>" : d.replication().user();
    ReplicationSource toReplica =
        new ReplicationSource(
            "<replica as seen by the primary>",
            pair.replica().port(),
            user,
            masked,
            true,
            "<replica's CA>",
            true);
    ReplicationSource toPrimary =
        new ReplicationSource(
            "<primary as seen by the replica>",
            pair.primary().port(),
            user,
            masked,
            true,
            "<replica's CA>",
            true);
    out.add("7. Failback (" + d.failback().name().toLowerCase(Locale.ROOT) + "): " + heal + ";");
    out.add(
        "   if the old primary holds transactions the promoted node lacks and they are canary rows only:");
    out.add(
        "     on the old primary, without binary logging: DELETE FROM `"
            + d.canarySchema()
            + "`."
            + CanaryLoad.TABLE
            + " WHERE seq IN (<rows only it has>);");
    out.add(
        "     "
            + String.join(
                    "; ", dialect.forgetTransactionsSql("", dialect.noTransactions(), "0-0-0"))
                .replace("0-0-0", "<last common GTID>"));
    out.add("   (any other lost transaction stops the drill with exit 4 and instructions);");
    out.add("   on the old primary: " + repoint(dialect, toReplica));
    if (d.failback() == DrillConfig.Failback.RESTORE) {
      out.add(
          "   when caught up, switch back: on the promoted node "
              + String.join("; ", dialect.fenceSql())
              + ";");
      out.add(
          "   on the old primary "
              + dialect.stopReplicaSql()
              + "; "
              + dialect.resetReplicaAllSql()
              + "; "
              + String.join("; ", dialect.writableSql())
              + ";");
      out.add("   on the replica: " + repoint(dialect, toPrimary));
    }
    out.add(
        "8. Verify "
            + (d.verifyTables().isEmpty()
                ? "(no verifyTables configured)"
                : String.join(", ", d.verifyTables())
                    + ": COUNT(*) and CHECKSUM TABLE on both nodes")
            + "; remove the canary:");
    for (String sql : CanaryLoad.cleanupSql(d.canarySchema(), List.of("<art32 client host>"))) {
      out.add("     " + sql);
    }
    out.add("   and check that the replica applies it (replication flows).");
    out.add(
        "Journal: "
            + Journal.fileFor(journalDir, pair.name())
            + " (art32 recover --pair "
            + pair.name()
            + " uses it). Whole drill bounded by "
            + d.timeout().toSeconds()
            + " s.");
    return out;
  }
}
