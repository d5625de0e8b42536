package eu.art32.drill;

import eu.art32.Art32Exception;
import eu.art32.EnvironmentException;
import eu.art32.config.DrillConfig;
import eu.art32.config.PairConfig;
import eu.art32.evidence.Catalogue;
import eu.art32.evidence.DrillEvidence;
import eu.art32.evidence.Text;
import eu.art32.topology.NodeConnector;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings a pair back from a drill using its journal: heals the fault, fences the old primary the
 * moment it is back, fails back, checks the configured tables, removes the canary and proves that
 * replication flows. The drill ends with it; {@code art32 recover} runs it after art32 died.
 */
final class Recovery {
  /** What recovery found and did. */
  record Result(
      DrillEvidence.GtidCheck gtids,
      DrillEvidence.Fencing fencing,
      DrillEvidence.Failback failback,
      List<DrillEvidence.TableCheck> tables) {}

  private final NodeConnector connector;
  private final Duration timeout;

  Recovery(NodeConnector connector, Duration timeout) {
    this.connector = connector;
    this.timeout = timeout;
  }

  Result restore(Journal.State state, PairConfig pair, DrillNode primary, DrillNode replica) {
    DrillConfig config = pair.drill();
    boolean faulted =
        state.plan().fault() != null && !List.of("planned", "canary").contains(state.phase());
    if (faulted) {
      try {
        state.plan().fault().heal(timeout);
      } catch (Art32Exception e) {
        throw new DrillFailedException(
            "cannot undo the fault: " + e.getMessage(),
            Instructions.forPair(primary, replica, List.of()),
            e);
      }
    }
    DrillEvidence.Fencing fencing = null;
    if (state.promotionStarted()) {
      fencing = fenceOnReturn(primary);
    }
    PairRestorer restorer =
        new PairRestorer(
            primary,
            replica,
            config.replication(),
            state.plan().toPrimary(),
            state.plan().toReplica(),
            DrillConfig.Failback.valueOf(state.plan().failback()),
            state.plan().canarySchema(),
            timeout);
    PairRestorer.Result restored = restorer.restore(state.commonPoint());
    boolean swapped = restored.failback().rolesSwapped();
    DrillNode finalPrimary = swapped ? replica : primary;
    DrillNode finalReplica = swapped ? primary : replica;
    List<DrillEvidence.TableCheck> tables = verifyTables(config, finalPrimary, finalReplica);
    List<String> actions = new ArrayList<>(restored.failback().actions());
    List<Text> actionTexts =
        new ArrayList<>(
            restored.failback().actionTexts() == null
                ? List.of()
                : restored.failback().actionTexts());
    if (state.canaryCreated()) {
      finalPrimary.execute(
          CanaryLoad.cleanupSql(state.plan().canarySchema(), state.canaryHosts())
              .toArray(String[]::new));
      act(
          actions,
          actionTexts,
          Text.of("drill.act.canaryRemoved", PairRestorer.role(finalPrimary)));
    }
    String last = finalPrimary.executedGtids();
    if (!finalReplica.awaitGtids(last, timeout)) {
      throw new DrillFailedException(
          "replication does not flow after failback: the replica did not reach " + last,
          Instructions.forPair(primary, replica, actionTexts),
          null);
    }
    act(actions, actionTexts, Text.of("drill.act.flows", PairRestorer.role(finalReplica), last));
    DrillEvidence.Failback f = restored.failback();
    return new Result(
        restored.gtids(),
        fencing,
        new DrillEvidence.Failback(
            f.mode(),
            true,
            f.rolesSwapped(),
            f.primary(),
            f.replica(),
            f.detail(),
            f.detailText(),
            actions,
            actionTexts.size() == actions.size() ? actionTexts : null,
            null,
            null),
        tables);
  }

  /** Waits for the old primary to answer again and fences it before anything else. */
  private DrillEvidence.Fencing fenceOnReturn(DrillNode primary) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        return Fencing.fence(primary, "on return");
      } catch (Art32Exception e) {
        if (System.nanoTime() > deadline) {
          throw new DrillFailedException(
              "the old primary did not come back within "
                  + timeout.toSeconds()
                  + " s: "
                  + e.getMessage(),
              Instructions.forPair(primary, primary, List.of()),
              e);
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EnvironmentException("interrupted while waiting for the old primary");
      }
    }
  }

  private List<DrillEvidence.TableCheck> verifyTables(
      DrillConfig config, DrillNode primary, DrillNode replica) {
    if (config.verifyTables().isEmpty()) {
      return List.of();
    }
    replica.awaitGtids(primary.executedGtids(), timeout);
    List<DrillEvidence.TableCheck> checks = new ArrayList<>();
    for (String table : config.verifyTables()) {
      String[] parts = table.split("\\.");
      String quoted = "`" + parts[0] + "`.`" + parts[1] + "`";
      checks.add(
          new DrillEvidence.TableCheck(
              table,
              count(primary, quoted),
              count(replica, quoted),
              checksum(primary, quoted),
              checksum(replica, quoted)));
    }
    return checks;
  }

  private static Long count(DrillNode node, String table) {
    try {
      return Long.parseLong(node.string("SELECT COUNT(*) FROM " + table));
    } catch (Art32Exception | NumberFormatException e) {
      return null;
    }
  }

  private static String checksum(DrillNode node, String table) {
    try (Connection c = node.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("CHECKSUM TABLE " + table + " EXTENDED")) {
      return rs.next() ? rs.getString(2) : null;
    } catch (SQLException | Art32Exception e) {
      return null;
    }
  }

  private static void act(List<String> actions, List<Text> texts, Text action) {
    actions.add(Catalogue.english().say(action));
    texts.add(action);
  }
}
