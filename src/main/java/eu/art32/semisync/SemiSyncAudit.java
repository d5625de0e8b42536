package eu.art32.semisync;

import eu.art32.Art32Exception;
import eu.art32.EnvironmentException;
import eu.art32.area.AreaCheck;
import eu.art32.area.AreaContext;
import eu.art32.area.AreaResult;
import eu.art32.config.NodeConfig;
import eu.art32.config.PairConfig;
import eu.art32.evidence.EvidenceKind;
import eu.art32.evidence.SemiSyncEvidence;
import eu.art32.rules.RuleBook;
import eu.art32.topology.NodeConnector;
import eu.art32.topology.NodeSnapshot;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Semi-synchronous replication on both nodes of a pair, read from the servers' global variables
 * (already in the pair's snapshots) and their {@code Rpl_semi_sync_*} status counters, under the
 * names {@link SemiSyncNames} gives for each server, and judged by {@link SemiSyncFindings}.
 */
public final class SemiSyncAudit implements AreaCheck {
  private final RuleBook rules;
  private final NodeConnector connector;

  public SemiSyncAudit(RuleBook rules, NodeConnector connector) {
    this.rules = rules;
    this.connector = connector;
  }

  @Override
  public String area() {
    return "semisync";
  }

  @Override
  public Stage stage() {
    return Stage.SLOT;
  }

  @Override
  public AreaResult run(AreaContext context) {
    SemiSyncFindings judge = new SemiSyncFindings(rules.area(area()).references());
    if (context.primary() == null) {
      return AreaResult.of(judge.notAssessed("the pair could not be read: " + context.readError()));
    }
    PairConfig pair = context.pair();
    SemiSyncEvidence evidence =
        new SemiSyncEvidence(
            read(context.primary(), pair.primary()), read(context.replica(), pair.replica()));
    return AreaResult.of(
        EvidenceKind.SEMISYNC,
        evidence,
        judge.judge(pair.objectives().rpo(), pair.objectives().rto(), evidence));
  }

  /** One node's side: its variables from the snapshot, its counters read now. */
  SemiSyncEvidence.Node read(NodeSnapshot snapshot, NodeConfig node) {
    Map<String, String> variables = snapshot.variables();
    SemiSyncNames names = SemiSyncNames.of(snapshot.dialect(), variables);
    Map<String, String> status = new HashMap<>();
    String what = snapshot.role().label() + " (semi-sync)";
    try (Connection c = connector.connect(what, node);
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE 'Rpl\\_semi\\_sync\\_%'")) {
        while (rs.next()) {
          status.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2));
        }
      }
      try (ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE 'Uptime'")) {
        if (rs.next()) {
          status.put("uptime", rs.getString(2));
        }
      }
    } catch (SQLException e) {
      throw new EnvironmentException(
          "cannot read the semi-synchronous status of the "
              + snapshot.role().label()
              + ": "
              + Art32Exception.firstLine(e.getMessage()),
          e);
    }
    return node(snapshot.role().label(), names, variables, status);
  }

  /** The node's evidence from its variables and status (lower-case names). */
  static SemiSyncEvidence.Node node(
      String role, SemiSyncNames names, Map<String, String> variables, Map<String, String> status) {
    boolean sourceLoaded = names.loaded(variables, true);
    boolean replicaLoaded = names.loaded(variables, false);
    String missing =
        sourceLoaded && replicaLoaded
            ? null
            : String.join(
                " and ",
                Stream.of(
                        sourceLoaded ? null : names.sourcePlugin(),
                        replicaLoaded ? null : names.replicaPlugin())
                    .filter(Objects::nonNull)
                    .toList());
    return new SemiSyncEvidence.Node(
        role,
        names.source() + "/" + names.replica(),
        missing,
        on(variables.get(names.sourceEnabled())),
        on(variables.get(names.replicaEnabled())),
        variables.get(names.waitPoint()),
        number(variables.get(names.timeout())),
        names.waitForCount() == null ? null : number(variables.get(names.waitForCount())),
        status.containsKey(key(names.sourceStatus("status")))
            ? on(status.get(key(names.sourceStatus("status"))))
            : null,
        number(status.get(key(names.sourceStatus("clients")))),
        number(status.get(key(names.sourceStatus("yes_tx")))),
        number(status.get(key(names.sourceStatus("no_tx")))),
        number(status.get(key(names.sourceStatus("no_times")))),
        number(status.get(key(names.sourceStatus("tx_avg_wait_time")))),
        status.containsKey(key(names.replicaStatus()))
            ? on(status.get(key(names.replicaStatus())))
            : null,
        number(status.get("uptime")));
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  private static boolean on(String value) {
    return value != null && (value.equalsIgnoreCase("ON") || value.equals("1"));
  }

  private static Long number(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
