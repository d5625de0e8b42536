package eu.art32.consistency;

import eu.art32.Art32Exception;
import eu.art32.area.AreaCheck;
import eu.art32.area.AreaContext;
import eu.art32.area.AreaResult;
import eu.art32.config.ConsistencyConfig;
import eu.art32.config.NodeConfig;
import eu.art32.config.PairConfig;
import eu.art32.evidence.Catalogue;
import eu.art32.evidence.ConsistencyEvidence;
import eu.art32.evidence.EvidenceKind;
import eu.art32.evidence.Finding;
import eu.art32.evidence.Severity;
import eu.art32.evidence.Status;
import eu.art32.evidence.Text;
import eu.art32.rules.RuleBook;
import eu.art32.topology.BinlogReader;
import eu.art32.topology.Dialect;
import eu.art32.topology.NodeConnector;
import eu.art32.topology.NodeSnapshot;
import eu.art32.topology.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Is the DR copy correct? Compares the configured tables of primary and replica (see {@link
 * TableComparison}) and lists the replica's errant transactions with their binary-log positions.
 * Reads only.
 */
public final class ConsistencyAudit implements AreaCheck {
  static final Set<String> SYSTEM_SCHEMAS =
      Set.of("mysql", "information_schema", "performance_schema", "sys");
  static final String METHOD =
      "per chunk of the primary key: COUNT(*) and BIT_XOR of a row hash that is not linear in"
          + " the row's bits (single integer key: CRC32 of the row times an odd number from the"
          + " key; otherwise CRC32 x CRC32C, on MySQL CRC32 x CRC32 of the reversed row) over the"
          + " row's values, NULL flags and the lengths of '#'-capable values; SUM instead of"
          + " BIT_XOR for a table without a key; in consistent snapshots of both nodes at the"
          + " same GTID position; differing chunks drilled down to the row";

  private final RuleBook rules;
  private final NodeConnector connector;

  public ConsistencyAudit(RuleBook rules, NodeConnector connector) {
    this.rules = rules;
    this.connector = connector;
  }

  public record Result(ConsistencyEvidence evidence, List<Finding> findings) {}

  @Override
  public String area() {
    return "consistency";
  }

  @Override
  public Stage stage() {
    return Stage.SLOT;
  }

  @Override
  public AreaResult run(AreaContext context) {
    if (context.primary() == null) {
      return AreaResult.of(
          List.of(notAssessed("the pair could not be read: " + context.readError())));
    }
    Result result = run(context.pair(), context.primary(), context.replica());
    return AreaResult.of(EvidenceKind.CONSISTENCY, result.evidence(), result.findings());
  }

  public Result run(PairConfig pair, NodeSnapshot primary, NodeSnapshot replica) {
    List<Finding> findings = new ArrayList<>();
    ConsistencyEvidence.Errant errant = errant(pair, primary, replica);
    findings.add(errantFinding(errant));
    ConsistencyConfig config = pair.checks().consistency();
    if (!config.enabled()) {
      findings.add(
          finding(
              "CONSISTENCY-TABLES",
              "Replica tables identical to the primary",
              Status.NOT_ASSESSED,
              Text.of("tables.disabled"),
              Text.of("tables.expectedShort"),
              Severity.HIGH));
      return new Result(
          new ConsistencyEvidence(METHOD, List.of(), errant, 0, 0), List.copyOf(findings));
    }
    long start = System.nanoTime();
    List<ConsistencyEvidence.Table> tables = new ArrayList<>();
    try {
      List<TableDef> defs =
          tables(
              pair.primary(),
              config.tables(),
              config.exclude(),
              Set.of(pair.checks().heartbeat().schema(), pair.drill().canarySchema()));
      TableComparison comparison =
          new TableComparison(
              () -> connector.connect("primary (consistency)", pair.primary()),
              () -> connector.connect("replica (consistency)", pair.replica()),
              primary.dialect(),
              config,
              null);
      if (!"Yes".equalsIgnoreCase(replica.status("Slave_SQL_Running"))) {
        comparison.notApplying();
      }
      for (TableDef def : defs) {
        tables.add(comparison.compare(def));
      }
    } catch (SQLException | Art32Exception e) {
      findings.add(
          finding(
              "CONSISTENCY-TABLES",
              "Replica tables identical to the primary",
              Status.NOT_ASSESSED,
              Text.of("tables.cannotList", Art32Exception.firstLine(e.getMessage())),
              Text.of("tables.expectedShort"),
              Severity.HIGH));
      return new Result(
          new ConsistencyEvidence(METHOD, tables, errant, 0, 0), List.copyOf(findings));
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    long rows = tables.stream().mapToLong(ConsistencyEvidence.Table::rowsPrimary).sum();
    double rate = millis == 0 ? 0 : Math.round(rows * 1000.0 / millis);
    ConsistencyEvidence evidence = new ConsistencyEvidence(METHOD, tables, errant, millis, rate);
    findings.add(tablesFinding(evidence));
    return new Result(evidence, List.copyOf(findings));
  }

  /**
   * Compares tables of {@code source} with another server holding the same data that does not
   * replicate from it (a restored backup): {@code sameFor} says, per table name, whether both hold
   * the same transactions for that table.
   */
  public List<ConsistencyEvidence.Table> compareWith(
      NodeConfig source,
      Dialect dialect,
      Supplier<Connection> other,
      List<String> include,
      Set<String> skipSchemas,
      Predicate<String> sameFor)
      throws SQLException {
    List<ConsistencyEvidence.Table> results = new ArrayList<>();
    for (TableDef def : tables(source, include, List.of(), skipSchemas)) {
      TableComparison comparison =
          new TableComparison(
              () -> connector.connect("backup source", source),
              other,
              dialect,
              ConsistencyConfig.DEFAULTS,
              sameFor.test(def.qualified()));
      results.add(comparison.compare(def));
    }
    return results;
  }

  /** CONSISTENCY-TABLES when nothing could be compared, with the reason. */
  public Finding notAssessed(String reason) {
    return finding(
        "CONSISTENCY-TABLES",
        "Replica tables identical to the primary",
        Status.NOT_ASSESSED,
        Text.of("notAssessed", reason),
        Text.of("tables.expectedShort"),
        Severity.HIGH);
  }

  /** The tables to compare: configured ones (schema.* allowed) or every user table. */
  private List<TableDef> tables(
      NodeConfig node, List<String> include, List<String> exclude, Set<String> own)
      throws SQLException {
    Map<String, TableDef> found = new LinkedHashMap<>();
    try (Connection c = connector.connect("primary (consistency)", node)) {
      List<String[]> names = new ArrayList<>();
      try (ResultSet rs =
          c.createStatement()
              .executeQuery(
                  "SELECT TABLE_SCHEMA, TABLE_NAME, ENGINE FROM information_schema.TABLES"
                      + " WHERE TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_SCHEMA, TABLE_NAME")) {
        while (rs.next()) {
          names.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
        }
      }
      for (String[] n : names) {
        String name = n[0] + "." + n[1];
        boolean wanted =
            include.isEmpty()
                ? !SYSTEM_SCHEMAS.contains(n[0].toLowerCase(Locale.ROOT)) && !own.contains(n[0])
                : matches(include, n[0], n[1]);
        if (wanted && !matches(exclude, n[0], n[1])) {
          found.put(name, define(c, n[0], n[1], n[2]));
        }
      }
    }
    return List.copyOf(found.values());
  }

  static boolean matches(List<String> patterns, String schema, String table) {
    return patterns.stream()
        .anyMatch(p -> p.equals(schema + "." + table) || p.equals(schema + ".*"));
  }

  /** A table's definition as the check reads it, for bench/run profile. */
  static TableDef defineForProfile(Connection c, String schema, String table) throws SQLException {
    return define(c, schema, table, "InnoDB");
  }

  private static TableDef define(Connection c, String schema, String table, String engine)
      throws SQLException {
    Map<String, TableDef.Column> columns = new LinkedHashMap<>();
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT COLUMN_NAME, DATA_TYPE, IS_NULLABLE FROM information_schema.COLUMNS WHERE"
                + " TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
      p.setString(1, schema);
      p.setString(2, table);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          columns.put(
              rs.getString(1),
              new TableDef.Column(rs.getString(1), rs.getString(2), "YES".equals(rs.getString(3))));
        }
      }
    }
    // the key to walk: the primary key, else the unique key of NOT NULL columns with the fewest
    // columns (InnoDB clusters by that one too); a key with a nullable or functional part is no
    // total order of the rows
    Map<String, List<TableDef.Column>> unique = new LinkedHashMap<>();
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA"
                + " = ? AND TABLE_NAME = ? AND NON_UNIQUE = 0 ORDER BY INDEX_NAME <> 'PRIMARY',"
                + " INDEX_NAME, SEQ_IN_INDEX")) {
      p.setString(1, schema);
      p.setString(2, table);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          TableDef.Column column = rs.getString(2) == null ? null : columns.get(rs.getString(2));
          unique
              .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
              .add(column == null || column.nullable() ? null : column);
        }
      }
    }
    String index = null;
    List<TableDef.Column> keys = List.of();
    for (var e : unique.entrySet()) {
      boolean usable = !e.getValue().contains(null);
      if (usable && (index == null || e.getValue().size() < keys.size())) {
        index = e.getKey();
        keys = e.getValue();
      }
      if ("PRIMARY".equals(index)) {
        break;
      }
    }
    return new TableDef(schema, table, List.copyOf(columns.values()), index, keys, engine);
  }

  /**
   * Transactions in the replica's executed set that the primary never executed (MySQL: set
   * difference; MariaDB: per domain, beyond the primary's position), found in the replica's binary
   * log when it has one.
   */
  private ConsistencyEvidence.Errant errant(
      PairConfig pair, NodeSnapshot primary, NodeSnapshot replica) {
    Dialect dialect = primary.dialect();
    String replicaGtids;
    String primaryGtids;
    try {
      // the replica first: whatever it holds from the primary is on the primary by the time the
      // primary is read, so a busy primary cannot make a replicated transaction look errant
      replicaGtids = executed(pair.replica(), dialect, "replica");
      primaryGtids = executed(pair.primary(), dialect, "primary");
    } catch (SQLException | Art32Exception e) {
      replicaGtids = dialect.executedGtids(replica.variables());
      primaryGtids = dialect.executedGtids(primary.variables());
      if (replica.variables().isEmpty()) {
        return new ConsistencyEvidence.Errant(primaryGtids, replicaGtids, 0, "not read", List.of());
      }
    }
    Transactions errant = dialect.missingFrom(replicaGtids, primaryGtids, primaryGtids);
    List<ConsistencyEvidence.Transaction> found = new ArrayList<>();
    String note = errant.isEmpty() ? "none" : errant.describe();
    if (!errant.isEmpty()) {
      try {
        for (BinlogReader.Found f :
            BinlogReader.find(
                "replica",
                connector.connect("replica (binary log)", pair.replica()),
                dialect,
                errant)) {
          found.add(
              new ConsistencyEvidence.Transaction(f.gtid(), f.file(), f.position(), f.writes()));
        }
      } catch (Art32Exception e) {
        note += " (binary log not readable: " + e.getMessage() + ")";
      }
    }
    return new ConsistencyEvidence.Errant(primaryGtids, replicaGtids, errant.count(), note, found);
  }

  private String executed(NodeConfig node, Dialect dialect, String role) throws SQLException {
    try (Connection c = connector.connect(role + " (errant transactions)", node);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(dialect.executedGtidsSql())) {
      return rs.next() ? rs.getString(1) : "";
    }
  }

  private Finding errantFinding(ConsistencyEvidence.Errant errant) {
    if (errant.count() == 0) {
      return finding(
          "CONSISTENCY-ERRANT",
          "No errant transactions on the replica",
          Status.PASS,
          Text.of("errant.none", blank(errant.replicaGtids()), blank(errant.primaryGtids())),
          Text.of("errant.expected"),
          Severity.HIGH);
    }
    List<Text> parts = new ArrayList<>();
    parts.add(Text.of("errant.found", errant.count(), errant.description()));
    int length = errant.description().length();
    for (ConsistencyEvidence.Transaction t : errant.transactions()) {
      if (length > 600) {
        parts.add(Text.of("verbatim", "; ..."));
        break;
      }
      String writes = String.join(", ", t.writes());
      parts.add(
          Text.of("errant.transaction", t.gtid(), t.binlogFile() + ":" + t.position(), writes));
      length += t.gtid().length() + writes.length() + 30;
    }
    return finding(
        "CONSISTENCY-ERRANT",
        "No errant transactions on the replica",
        Status.FAIL,
        Text.concat(parts.toArray()),
        Text.of("errant.expected"),
        Severity.HIGH);
  }

  private static Text blank(String gtids) {
    return gtids == null || gtids.isBlank() ? Text.of("gtids.empty") : Text.of("verbatim", gtids);
  }

  private Finding tablesFinding(ConsistencyEvidence evidence) {
    List<ConsistencyEvidence.Table> tables = evidence.tables();
    Text expected = Text.of("tables.expected");
    if (tables.isEmpty()) {
      return finding(
          "CONSISTENCY-TABLES",
          "Replica tables identical to the primary",
          Status.NOT_ASSESSED,
          Text.of("tables.noneMatched"),
          expected,
          Severity.HIGH);
    }
    long compared = tables.stream().filter(t -> t.chunks() > 0).count();
    long rows = tables.stream().mapToLong(ConsistencyEvidence.Table::rowsPrimary).sum();
    List<String> different = names(tables, "DIFFERENT");
    List<String> unconfirmed = names(tables, "UNCONFIRMED");
    List<String> skipped = new ArrayList<>(names(tables, "NOT_ASSESSED"));
    skipped.addAll(names(tables, "ERROR"));
    List<Text> observed = new ArrayList<>();
    observed.add(Text.of("tables.compared", compared, tables.size(), rows, evidence.millis()));
    Status status = Status.PASS;
    if (!different.isEmpty()) {
      status = Status.FAIL;
      for (ConsistencyEvidence.Table t : tables) {
        if (t.status().equals("DIFFERENT")) {
          observed.add(
              Text.of(
                  "tables.differs",
                  t.name(),
                  t.differingRows() > 0
                      ? Text.of("tables.rowsDiffer", t.differingRows())
                      : t.reason() != null
                          ? Text.of("verbatim", t.reason())
                          : Text.of("tables.differsOnly"),
                  t.sampleKeys().isEmpty()
                      ? Text.concat()
                      : Text.of("parenthesis", String.join("; ", t.sampleKeys()))));
        }
      }
    }
    if (!unconfirmed.isEmpty()) {
      status = status == Status.FAIL ? status : Status.WARN;
      observed.add(Text.of("tables.unconfirmed", String.join(", ", unconfirmed)));
    }
    if (!skipped.isEmpty()) {
      status = status == Status.PASS ? Status.WARN : status;
      List<String> reasons = new ArrayList<>();
      for (ConsistencyEvidence.Table t : tables) {
        if (skipped.contains(t.name())) {
          reasons.add(t.name() + " (" + t.reason() + ")");
        }
      }
      observed.add(Text.of("tables.notCompared", String.join(", ", reasons)));
    }
    if (status == Status.PASS) {
      observed.add(Text.of("tables.noDifference"));
    }
    return finding(
        "CONSISTENCY-TABLES",
        "Replica tables identical to the primary",
        status,
        Text.concat(observed.toArray()),
        expected,
        Severity.HIGH);
  }

  private static List<String> names(List<ConsistencyEvidence.Table> tables, String status) {
    return tables.stream()
        .filter(t -> t.status().equals(status))
        .map(ConsistencyEvidence.Table::name)
        .toList();
  }

  private Finding finding(
      String id, String title, Status status, Text observed, Text expected, Severity severity) {
    return Finding.said(
        id,
        title,
        "consistency",
        severity,
        status,
        observed,
        expected,
        "A running replica can still hold wrong data (writes on the replica, skipped events,"
            + " non-deterministic statements); only a comparison of the data shows the DR copy"
            + " would restore what the primary holds (Art. 32(1)(b), Art. 5(1)(f)).",
        status == Status.FAIL || status == Status.WARN
            ? Catalogue.english().word("fix.consistency")
            : "",
        rules.area("consistency").references());
  }
}
