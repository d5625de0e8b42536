package eu.art32.rules;

import eu.art32.evidence.Finding;
import eu.art32.evidence.Status;
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
      findings.add(finding(rule, Status.NOT_ASSESSED, "not read: " + reason, expectation(rule)));
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
            "primary server_id=" + primary.serverId() + "; replica server_id=" + replica.serverId(),
            expectation(rule));
      }
      case REPLICA_CONFIGURED -> configured(rule, primary, replica);
      case REPLICA_THREADS -> threads(rule, replica);
      case GTID_AUTO_POSITION ->
          replicaOnly(
              rule,
              replica,
              replica.dialect().usesGtidAutoPosition(replica.replicaStatus()),
              replica.dialect().gtidPositioning(replica.replicaStatus()));
      case CHANNEL_TLS ->
          replicaOnly(
              rule,
              replica,
              replica.status("Master_SSL_Allowed").equalsIgnoreCase("Yes"),
              "Master_SSL_Allowed="
                  + replica.status("Master_SSL_Allowed")
                  + ", Master_SSL_Verify_Server_Cert="
                  + replica.status("Master_SSL_Verify_Server_Cert"));
    };
  }

  private Finding variable(Rule rule, NodeSnapshot primary, NodeSnapshot replica) {
    List<String> observed = new ArrayList<>();
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
        observed.add(node.role().label() + ": " + rule.variables().get(0) + " not present");
        continue;
      }
      String name =
          rule.variables().stream()
              .filter(n -> node.variable(n).isPresent())
              .findFirst()
              .orElse(rule.variables().get(0));
      observed.add(node.role().label() + ": " + name + "=" + value);
      allMatch &= rule.expected().stream().anyMatch(e -> e.equalsIgnoreCase(value.trim()));
    }
    Status status = anyMissing ? Status.NOT_ASSESSED : verdict(rule, allMatch);
    return finding(rule, status, String.join("; ", observed), expectation(rule));
  }

  private Finding configured(Rule rule, NodeSnapshot primary, NodeSnapshot replica) {
    if (!replica.replicates()) {
      return finding(
          rule,
          verdict(rule, false),
          "replica "
              + replica.address()
              + " is not a replica: "
              + replica.dialect().replicaStatusSql()
              + " is empty",
          expectation(rule));
    }
    String sourceId = replica.status("Master_Server_Id");
    boolean connected = !sourceId.isEmpty() && !sourceId.equals("0");
    boolean fromThisPrimary =
        connected
            ? sourceId.equals(primary.serverId())
            : primary.address().endsWith(":" + replica.status("Master_Port"));
    String observed =
        "replicates from "
            + replica.status("Master_Host")
            + ":"
            + replica.status("Master_Port")
            + " (source server_id "
            + (connected ? sourceId : "unknown, not connected")
            + "; primary server_id "
            + primary.serverId()
            + ")";
    return finding(rule, verdict(rule, fromThisPrimary), observed, expectation(rule));
  }

  private Finding threads(Rule rule, NodeSnapshot replica) {
    if (!replica.replicates()) {
      return finding(
          rule,
          Status.NOT_ASSESSED,
          "no replication configured on " + replica.address(),
          expectation(rule));
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
    StringBuilder observed = new StringBuilder("IO thread " + io + ", SQL thread " + sql);
    if (!ioError.isBlank()) {
      observed.append("; last IO error: ").append(ioError);
    }
    if (!sqlError.isBlank()) {
      observed.append("; last SQL error: ").append(sqlError);
    }
    return finding(rule, verdict(rule, healthy), observed.toString(), expectation(rule));
  }

  private Finding replicaOnly(Rule rule, NodeSnapshot replica, boolean ok, String observed) {
    if (!replica.replicates()) {
      return finding(
          rule,
          Status.NOT_ASSESSED,
          "no replication configured on " + replica.address(),
          expectation(rule));
    }
    return finding(rule, verdict(rule, ok), observed, expectation(rule));
  }

  private static Status verdict(Rule rule, boolean ok) {
    if (ok) {
      return Status.PASS;
    }
    return rule.warnOnly() ? Status.WARN : Status.FAIL;
  }

  private static String expectation(Rule rule) {
    return switch (rule.check()) {
      case VARIABLE -> {
        String on =
            rule.nodes().size() == Role.values().length
                ? "both nodes"
                : rule.nodes().iterator().next().label();
        yield rule.variables().get(0) + " = " + String.join(" or ", rule.expected()) + " on " + on;
      }
      case UNIQUE_SERVER_ID -> "different server_id on primary and replica";
      case REPLICA_CONFIGURED -> "the replica replicates from the configured primary";
      case REPLICA_THREADS -> "IO and SQL threads running, no last error";
      case GTID_AUTO_POSITION ->
          "GTID positioning (MariaDB Using_Gtid=Slave_Pos, MySQL Auto_Position=1)";
      case CHANNEL_TLS -> "replication channel with TLS (Master_SSL_Allowed=Yes)";
    };
  }

  private Finding finding(Rule rule, Status status, String observed, String expected) {
    return new Finding(
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
