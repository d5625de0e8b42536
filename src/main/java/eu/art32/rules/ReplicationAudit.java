package eu.art32.rules;

import eu.art32.evidence.Finding;
import eu.art32.evidence.Status;
import eu.art32.evidence.Text;
import eu.art32.topology.NodeSnapshot;
import eu.art32.topology.Role;
import java.util.ArrayList;
import java.util.List;

/** Judges a primary and replica snapshot against the replication rules of a {@link RuleBook}. */
public final class ReplicationAudit {
  private final RuleBook book;

  public ReplicationAudit(RuleBook book) {
    this.book = book;
  }

  public List<Finding> evaluate(NodeSnapshot primary, NodeSnapshot replica) {
    List<Finding> findings = new ArrayList<>();
    String flavor = replica.dialect().flavor();
    for (Rule rule : book.rules()) {
      if (!rule.appliesTo(flavor)) {
        continue;
      }
      findings.add(evaluate(rule, primary, replica));
    }
    return findings;
  }

  /** Findings for a pair that could not be read: every rule NOT_ASSESSED with the reason. */
  public List<Finding> notAssessed(String reason) {
    List<Finding> findings = new ArrayList<>();
    for (Rule rule : book.rules()) {
      findings.add(
          finding(rule, Status.NOT_ASSESSED, Text.of("repl.notRead", reason), expectation(rule)));
    }
    return findings;
  }

  private Finding evaluate(Rule rule, NodeSnapshot primary, NodeSnapshot replica) {
    return switch (rule.check()) {
      case VARIABLE -> variable(rule, primary, replica);
      case UNIQUE_SERVER_ID -> {
        boolean distinct = !primary.serverId().equals(replica.serverId());
        yield finding(
            rule,
            verdict(rule, distinct),
            Text.of("repl.serverIds", primary.serverId(), replica.serverId()),
            expectation(rule));
      }
      case REPLICA_CONFIGURED -> configured(rule, primary, replica);
      case REPLICA_THREADS -> threads(rule, replica);
      case GTID_AUTO_POSITION ->
          replicaOnly(
              rule,
              replica,
              replica.dialect().usesGtidAutoPosition(replica.replicaStatus()),
              Text.of("verbatim", replica.dialect().gtidPositioning(replica.replicaStatus())));
      case CHANNEL_TLS ->
          replicaOnly(
              rule,
              replica,
              replica.status("Master_SSL_Allowed").equalsIgnoreCase("Yes"),
              Text.of(
                  "verbatim",
                  "Master_SSL_Allowed="
                      + replica.status("Master_SSL_Allowed")
                      + ", Master_SSL_Verify_Server_Cert="
                      + replica.status("Master_SSL_Verify_Server_Cert")));
    };
  }

  private Finding variable(Rule rule, NodeSnapshot primary, NodeSnapshot replica) {
    List<Text> observed = new ArrayList<>();
    boolean allMatch = true;
    boolean anyMissing = false;
    for (NodeSnapshot node : List.of(primary, replica)) {
      if (!rule.nodes().contains(node.role())) {
        continue;
      }
      String[] names = rule.variables().toArray(String[]::new);
      String value = node.variable(names).orElse(null);
      if (value == null) {
        anyMissing = true;
        observed.add(Text.of("repl.notPresent", role(node.role()), rule.variables().get(0)));
        continue;
      }
      String name =
          rule.variables().stream()
              .filter(n -> node.variable(n).isPresent())
              .findFirst()
              .orElse(rule.variables().get(0));
      observed.add(Text.of("repl.value", role(node.role()), name, value));
      allMatch &= rule.expected().stream().anyMatch(e -> e.equalsIgnoreCase(value.trim()));
    }
    Status status = anyMissing ? Status.NOT_ASSESSED : verdict(rule, allMatch);
    return finding(rule, status, Text.join("sep.semicolon", observed), expectation(rule));
  }

  private Finding configured(Rule rule, NodeSnapshot primary, NodeSnapshot replica) {
    if (!replica.replicates()) {
      return finding(
          rule,
          verdict(rule, false),
          Text.of("repl.notAReplica", replica.address(), replica.dialect().replicaStatusSql()),
          expectation(rule));
    }
    String sourceId = replica.status("Master_Server_Id");
    boolean connected = !sourceId.isEmpty() && !sourceId.equals("0");
    boolean fromThisPrimary =
        connected
            ? sourceId.equals(primary.serverId())
            : primary.address().endsWith(":" + replica.status("Master_Port"));
    Text observed =
        Text.of(
            "repl.source",
            replica.status("Master_Host") + ":" + replica.status("Master_Port"),
            connected ? sourceId : Text.of("repl.sourceUnknown"),
            primary.serverId());
    return finding(rule, verdict(rule, fromThisPrimary), observed, expectation(rule));
  }

  private Finding threads(Rule rule, NodeSnapshot replica) {
    if (!replica.replicates()) {
      return finding(
          rule, Status.NOT_ASSESSED, Text.of("repl.none", replica.address()), expectation(rule));
    }
    String io = replica.status("Slave_IO_Running");
    String sql = replica.status("Slave_SQL_Running");
    String ioError = replica.status("Last_IO_Error");
    String sqlError = replica.status("Last_SQL_Error");
    boolean healthy =
        io.equalsIgnoreCase("Yes")
            && sql.equalsIgnoreCase("Yes")
            && ioError.isBlank()
            && sqlError.isBlank();
    List<Text> observed = new ArrayList<>();
    observed.add(Text.of("repl.threads", io, sql));
    if (!ioError.isBlank()) {
      observed.add(Text.of("repl.ioError", ioError));
    }
    if (!sqlError.isBlank()) {
      observed.add(Text.of("repl.sqlError", sqlError));
    }
    return finding(
        rule, verdict(rule, healthy), Text.concat(observed.toArray()), expectation(rule));
  }

  private Finding replicaOnly(Rule rule, NodeSnapshot replica, boolean ok, Text observed) {
    if (!replica.replicates()) {
      return finding(
          rule, Status.NOT_ASSESSED, Text.of("repl.none", replica.address()), expectation(rule));
    }
    return finding(rule, verdict(rule, ok), observed, expectation(rule));
  }

  private static Status verdict(Rule rule, boolean ok) {
    if (ok) {
      return Status.PASS;
    }
    return rule.warnOnly() ? Status.WARN : Status.FAIL;
  }

  private static Text expectation(Rule rule) {
    return switch (rule.check()) {
      case VARIABLE -> {
        Text on =
            rule.nodes().size() == Role.values().length
                ? Text.of("repl.bothNodes")
                : role(rule.nodes().iterator().next());
        yield Text.of(
            "repl.expected.variable",
            rule.variables().get(0),
            Text.join("sep.or", rule.expected().stream().map(e -> Text.of("verbatim", e)).toList()),
            on);
      }
      case UNIQUE_SERVER_ID -> Text.of("repl.expected.serverIds");
      case REPLICA_CONFIGURED -> Text.of("repl.expected.source");
      case REPLICA_THREADS -> Text.of("repl.expected.threads");
      case GTID_AUTO_POSITION -> Text.of("repl.expected.gtid");
      case CHANNEL_TLS -> Text.of("repl.expected.tls");
    };
  }

  /** A node's role as the report's language names it. */
  private static Text role(Role role) {
    return Text.word("role." + role.label(), role.label());
  }

  private Finding finding(Rule rule, Status status, Text observed, Text expected) {
    return Finding.said(
        rule.id(),
        rule.title(),
        "replication",
        rule.severity(),
        status,
        observed,
        expected,
        rule.rationale(),
        rule.remediation(),
        rule.references());
  }
}
