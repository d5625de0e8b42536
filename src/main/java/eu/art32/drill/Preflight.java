package eu.art32.drill;

import eu.art32.Art32Exception;
import eu.art32.Shell;
import eu.art32.config.DrillConfig;
import eu.art32.config.NodeConfig;
import eu.art32.config.PairConfig;
import eu.art32.evidence.Catalogue;
import eu.art32.evidence.Finding;
import eu.art32.evidence.Reference;
import eu.art32.evidence.Severity;
import eu.art32.evidence.Status;
import eu.art32.evidence.Text;
import eu.art32.topology.Dialect;
import eu.art32.topology.NodeConnector;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The checks before anything destructive: replication running from this primary and caught up, GTID
 * auto-positioning, a read-only replica without errant transactions, and everything needed to put
 * the pair back (the fault's target, the replication account, a free canary schema).
 */
final class Preflight {
  /** The checks' findings and what the drill learnt while making them. */
  record Result(
      List<Finding> findings,
      Optional<LocalServer> server,
      Journal.Source toPrimary,
      Journal.Source toReplica,
      Endpoint endpoint) {
    boolean passed() {
      return findings.stream().noneMatch(f -> f.status() == Status.FAIL);
    }
  }

  /**
   * Where the endpoint led before the fault: the node's server_id and the host the servers see
   * art32's connections through it come from (the canary account is created for that host too).
   */
  record Endpoint(String serverId, String clientHost) {}

  private final PairConfig pair;
  private final DrillNode primary;
  private final DrillNode replica;
  private final List<Reference> references;
  private final List<Finding> findings = new ArrayList<>();

  Preflight(PairConfig pair, DrillNode primary, DrillNode replica, List<Reference> references) {
    this.pair = pair;
    this.primary = primary;
    this.replica = replica;
    this.references = references;
  }

  Result run() {
    DrillConfig drill = pair.drill();
    Dialect dialect = replica.dialect();
    primary.useDialect(dialect);
    Map<String, String> status = replica.replicaStatus();
    String primaryId = primary.string("SELECT @@GLOBAL.server_id");
    boolean fromPrimary = !status.isEmpty() && primaryId.equals(status.get("Master_Server_Id"));
    boolean running =
        "Yes".equalsIgnoreCase(status.get("Slave_IO_Running"))
            && "Yes".equalsIgnoreCase(status.get("Slave_SQL_Running"));
    check(
        "REPLICATING",
        "Replica replicates from this primary, both threads running",
        fromPrimary && running,
        status.isEmpty()
            ? Text.of("pre.noReplication")
            : Text.of(
                "pre.replicating",
                String.valueOf(status.get("Master_Server_Id")),
                primaryId,
                String.valueOf(status.get("Slave_IO_Running")),
                String.valueOf(status.get("Slave_SQL_Running"))),
        Text.of("pre.expected.replicating", primaryId));
    String primaryGtids = primary.executedGtids();
    long start = System.nanoTime();
    boolean caughtUp = running && replica.awaitGtids(primaryGtids, drill.maxLag());
    long waited = (System.nanoTime() - start) / 1_000_000;
    check(
        "CAUGHT-UP",
        "Replica has applied everything the primary committed",
        caughtUp,
        caughtUp
            ? Text.of("pre.caughtUp", primaryGtids, waited)
            : Text.of("pre.notCaughtUp", primaryGtids, drill.maxLag().toMillis()),
        Text.of("pre.expected.caughtUp", drill.maxLag().toMillis()));
    check(
        "AUTO-POSITION",
        "Replica uses GTID auto-positioning",
        dialect.usesGtidAutoPosition(status),
        Text.of("verbatim", dialect.gtidPositioning(status)),
        Text.of("pre.expected.autoPosition"));
    check(
        "READ-ONLY",
        "Replica is read-only",
        replica.readOnly(),
        Text.of("verbatim", "read_only=" + replica.string("SELECT @@GLOBAL.read_only")),
        Text.of("pre.expected.readOnly"));
    // the replica first, then the primary again: whatever the replica holds from the primary is
    // on the primary by then, so application writes in flight never look errant
    String replicaGtids = replica.executedGtids();
    String primaryNow = primary.executedGtids();
    var errant = dialect.missingFrom(replicaGtids, primaryNow, primaryNow);
    check(
        "NO-ERRANT",
        "Replica has no transactions the primary lacks",
        errant.isEmpty(),
        errant.isEmpty()
            ? Text.of("pre.gtids", replicaGtids, primaryNow)
            : Text.of("pre.errant", errant.describe()),
        Text.of("pre.expected.noErrant"));
    Optional<LocalServer> server = Optional.empty();
    Text target;
    boolean restorable;
    try {
      server = LocalServer.find(primary);
      boolean local = server.isPresent();
      restorable =
          switch (drill.fault()) {
            case KILL, FREEZE -> local;
            case PARTITION -> local && iptablesWorks();
            case STOP -> local || drill.recoverCommand() != null;
            case COMMAND -> true;
          };
      target =
          Text.concat(
              server.map(s -> Text.of("pre.process", s.pid())).orElse(Text.of("pre.notHere")),
              drill.fault() == DrillConfig.Fault.PARTITION && !iptablesWorks()
                  ? Text.of("pre.noIptables")
                  : Text.concat());
    } catch (Art32Exception e) {
      restorable = false;
      target = Text.of("verbatim", String.valueOf(e.getMessage()));
    }
    check(
        "FAULT-TARGET",
        "The fault can be injected and undone",
        restorable,
        Text.of(
            "pre.fault",
            Text.word(
                "fault.kind." + drill.fault().name().toLowerCase(Locale.ROOT),
                drill.fault().name().toLowerCase(Locale.ROOT)),
            target),
        switch (drill.fault()) {
          case KILL, FREEZE, PARTITION -> Text.of("pre.expected.process");
          case STOP -> Text.of("pre.expected.stop");
          case COMMAND -> Text.of("pre.expected.command");
        });
    String credentials = replicationLogin(drill.replication(), pair.primary());
    check(
        "REPLICATION-ACCOUNT",
        "The replication account can log in to both nodes",
        credentials == null,
        credentials == null
            ? Text.of("pre.loggedIn", drill.replication().user())
            : Text.of("verbatim", credentials),
        Text.of("pre.expected.account"));
    String schema = drill.canarySchema();
    String exists =
        primary.string(
            "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '"
                + schema
                + "'");
    check(
        "CANARY-FREE",
        "The canary schema is art32's alone",
        exists == null,
        exists == null ? Text.of("pre.schemaFree", schema) : Text.of("pre.schemaExists", schema),
        Text.of("pre.expected.schema", schema));
    Endpoint endpoint = drill.endpoint() == null ? null : endpoint(drill.endpoint(), primaryId);
    return new Result(findings, server, toPrimary(status), toReplica(status), endpoint);
  }

  /**
   * The endpoint leads to this primary: a connection through it, with the primary's account, reads
   * the primary's server_id.
   */
  private Endpoint endpoint(DrillConfig.Endpoint endpoint, String primaryId) {
    NodeConfig through = throughEndpoint(pair.primary(), endpoint);
    String serverId = null;
    String clientHost = null;
    Text observed;
    try (Connection c =
            new NodeConnector(Duration.ofSeconds(3), Duration.ofSeconds(10))
                .connect("endpoint", through);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT @@GLOBAL.server_id, USER()")) {
      rs.next();
      serverId = rs.getString(1);
      String user = rs.getString(2);
      clientHost = user.substring(user.lastIndexOf('@') + 1);
      observed =
          Text.of(
              primaryId.equals(serverId) ? "pre.endpoint.primary" : "pre.endpoint.other",
              endpoint.address(),
              serverId,
              primaryId);
    } catch (Exception e) {
      observed =
          Text.of(
              "pre.endpoint.unreachable",
              endpoint.address(),
              Art32Exception.firstLine(e.getMessage()));
    }
    check(
        "ENDPOINT",
        "The application's endpoint leads to the primary",
        primaryId.equals(serverId),
        observed,
        Text.of("pre.expected.endpoint", primaryId));
    return serverId == null ? null : new Endpoint(serverId, clientHost);
  }

  /** A node's account and TLS settings at the endpoint's address. */
  static NodeConfig throughEndpoint(NodeConfig node, DrillConfig.Endpoint endpoint) {
    return new NodeConfig(
        endpoint.host(),
        endpoint.port(),
        node.user(),
        node.password(),
        node.tls(),
        node.caFile(),
        node.site());
  }

  private Journal.Source toPrimary(Map<String, String> status) {
    String host =
        pair.drill().replication() == null || pair.drill().replication().primaryHost() == null
            ? status.getOrDefault("Master_Host", pair.primary().host())
            : pair.drill().replication().primaryHost();
    return new Journal.Source(
        host,
        parsePort(status.get("Master_Port"), pair.primary().port()),
        "Yes".equalsIgnoreCase(status.get("Master_SSL_Allowed")),
        status.get("Master_SSL_CA_File"),
        "Yes".equalsIgnoreCase(status.get("Master_SSL_Verify_Server_Cert")));
  }

  /**
   * How the old primary reaches the replica: drill.replication.replicaHost, else the name the
   * replica uses for the primary when that is a loopback name (both on one host), else the
   * replica's configured host.
   */
  private Journal.Source toReplica(Map<String, String> status) {
    Journal.Source primarySide = toPrimary(status);
    String configured =
        pair.drill().replication() == null ? null : pair.drill().replication().replicaHost();
    String host =
        configured != null
            ? configured
            : isLoopbackName(primarySide.host()) ? primarySide.host() : pair.replica().host();
    return new Journal.Source(
        host, pair.replica().port(), primarySide.ssl(), primarySide.sslCa(), primarySide.verify());
  }

  private static boolean isLoopbackName(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
  }

  private static int parsePort(String text, int fallback) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException | NullPointerException e) {
      return fallback;
    }
  }

  private String replicationLogin(DrillConfig.Replication replication, NodeConfig primaryConfig) {
    List<String> problems = new ArrayList<>();
    for (NodeConfig node : List.of(primaryConfig, pair.replica())) {
      NodeConfig asRepl =
          new NodeConfig(
              node.host(),
              node.port(),
              replication.user(),
              replication.password(),
              node.tls(),
              node.caFile(),
              node.site());
      try (Connection c =
              new NodeConnector(Duration.ofSeconds(3), Duration.ofSeconds(10))
                  .connect("replication account", asRepl);
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT 1")) {
        rs.next();
      } catch (Exception e) {
        problems.add(node.address() + ": " + Art32Exception.firstLine(e.getMessage()));
      }
    }
    return problems.isEmpty() ? null : String.join("; ", problems);
  }

  private static boolean iptablesWorks() {
    return Shell.run(
            List.of("iptables", "-w", "-L", "INPUT", "-n"), Duration.ofSeconds(10), Map.of())
        .succeeded();
  }

  private void check(String id, String title, boolean passed, Text observed, Text expected) {
    findings.add(
        Finding.said(
            "DRILL-PRE-" + id,
            "Pre-flight: " + title,
            "drill",
            Severity.HIGH,
            passed ? Status.PASS : Status.FAIL,
            observed,
            expected,
            "A drill starts only on a pair it can put back; a failed pre-flight check stops it before anything is touched.",
            passed ? "" : Catalogue.english().word("fix.drill.preflight"),
            references));
  }
}
