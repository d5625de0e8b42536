package eu.art32.backup;

import eu.art32.Art32Exception;
import eu.art32.ExitCode;
import eu.art32.FileTrees;
import eu.art32.Redactor;
import eu.art32.Shell;
import eu.art32.area.AreaCheck;
import eu.art32.area.AreaContext;
import eu.art32.area.AreaResult;
import eu.art32.config.BackupConfig;
import eu.art32.config.NodeConfig;
import eu.art32.config.PairConfig;
import eu.art32.consistency.ConsistencyAudit;
import eu.art32.evidence.BackupEvidence;
import eu.art32.evidence.Catalogue;
import eu.art32.evidence.ConsistencyEvidence;
import eu.art32.evidence.EvidenceKind;
import eu.art32.evidence.Finding;
import eu.art32.evidence.Severity;
import eu.art32.evidence.Status;
import eu.art32.evidence.Text;
import eu.art32.rules.RuleBook;
import eu.art32.server.ScratchServer;
import eu.art32.server.ServerBinaries;
import eu.art32.topology.BinlogReader;
import eu.art32.topology.Dialect;
import eu.art32.topology.MySqlDialect;
import eu.art32.topology.NodeConnector;
import eu.art32.topology.NodeSnapshot;
import eu.art32.topology.ServerVersion;
import eu.art32.topology.Transactions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Proves a backup restores: takes a fresh physical backup with the pair's command (or picks the
 * newest one in the backup directory), copies it to a private scratch directory so the original
 * stays untouched, prepares it with mariadb-backup/XtraBackup, starts a throw-away server on it and
 * times every phase up to the first answered query: the restore RTO. Then compares its tables with
 * the source node. A table nothing wrote since the backup's recorded GTID position must be
 * identical; one written since cannot be compared at that position and is listed as such.
 */
public final class BackupVerification implements AreaCheck {
  private static final DateTimeFormatter FOLDER =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final RuleBook rules;
  private final NodeConnector connector;
  private final Clock clock;
  private final Path binariesCache;

  public BackupVerification(
      RuleBook rules, NodeConnector connector, Clock clock, Path binariesCache) {
    this.rules = rules;
    this.connector = connector;
    this.clock = clock;
    this.binariesCache = binariesCache;
  }

  public record Result(BackupEvidence evidence, List<Finding> findings) {}

  @Override
  public String area() {
    return "backups";
  }

  /** After the heartbeat window, with a slot of its own and no other pair on the same folder. */
  @Override
  public Stage stage() {
    return Stage.AFTER;
  }

  /**
   * No finding when the pair configures no backup (the auditor lists the area as not measured);
   * NOT_ASSESSED for a MySQL pair or a pair that could not be read.
   */
  @Override
  public AreaResult run(AreaContext context) {
    PairConfig pair = context.pair();
    NodeSnapshot primary = context.primary();
    if (pair.checks().backup() == null) {
      return AreaResult.of(List.of());
    }
    if (primary == null) {
      return AreaResult.of(
          List.of(
              restoreNotAssessed(
                  Text.of("audit.pairNotRead", String.valueOf(context.readError())))));
    }
    if (primary.dialect() instanceof MySqlDialect) {
      return AreaResult.of(List.of(restoreNotAssessed(mysqlBackups(primary))));
    }
    NodeSnapshot source =
        pair.checks().backup().node().equals("primary") ? primary : context.replica();
    Result result =
        context.withSlot(
            () ->
                context.exclusive(
                    "backup " + FileTrees.canonical(pair.checks().backup().directory()),
                    () -> run(pair, source)));
    return AreaResult.of(EvidenceKind.BACKUP, result.evidence(), result.findings());
  }

  /**
   * Why backups of a MySQL pair are not restored: art32 prepares backups with mariadb-backup into a
   * scratch MariaDB server; XtraBackup, which MySQL backups need, is not supported yet.
   */
  public static Text mysqlBackups(NodeSnapshot primary) {
    return Text.of("audit.mysqlBackups", ServerVersion.parse(primary.version()).label());
  }

  private Finding restoreNotAssessed(Text reason) {
    return Finding.said(
        "BACKUP-RESTORE",
        "The backup restores to a server that answers queries",
        "backups",
        Severity.HIGH,
        Status.NOT_ASSESSED,
        Text.of("notAssessed", reason),
        Text.of("backup.restore.expected"),
        "",
        "",
        rules.area("backups").references());
  }

  /** Null when the pair configures no backup. */
  public Result run(PairConfig pair, NodeSnapshot source) {
    BackupConfig config = pair.checks().backup();
    if (config == null) {
      return null;
    }
    Run run = new Run(pair, config, source);
    try {
      run.execute();
    } catch (Art32Exception e) {
      run.error = e.getMessage();
    } finally {
      run.cleanUp();
    }
    return new Result(run.evidence(), run.findings());
  }

  /** One verification's state; each phase fills it in, a failing phase stops the rest. */
  private final class Run {
    final PairConfig pair;
    final BackupConfig config;
    final NodeSnapshot source;
    final NodeConfig node;
    final Redactor redactor = new Redactor();
    final List<BackupEvidence.Phase> phases = new ArrayList<>();
    final List<Finding> findings = new ArrayList<>();
    List<BackupEvidence.Table> tables = List.of();
    BackupSet chosen;
    BackupSet newestExisting;
    Path taken;
    Long backupMillis;
    Long restoreRto;
    String serverVersion;
    String comparedWith;
    String error;
    Path work;
    ScratchServer server;

    Run(PairConfig pair, BackupConfig config, NodeSnapshot source) {
      this.pair = pair;
      this.config = config;
      this.source = source;
      this.node = config.node().equals("primary") ? pair.primary() : pair.replica();
      redactor.add(pair.primary().password()).add(pair.replica().password());
    }

    void execute() {
      // art32's own backups (of this run's other pairs, or left by an interrupted run) are not
      // the operator's backups, whose age is judged
      List<BackupSet> existing =
          list().stream()
              .filter(b -> !b.dir().getFileName().toString().startsWith("art32-"))
              .toList();
      newestExisting = existing.isEmpty() ? null : existing.get(0);
      if (config.command() != null) {
        take();
      } else if (newestExisting == null) {
        throw new BackupException("no backup found in " + config.directory());
      } else {
        chosen = newestExisting;
      }
      restore();
      compare();
    }

    List<BackupSet> list() {
      try {
        return BackupSet.under(config.directory());
      } catch (IOException e) {
        throw new BackupException(
            "cannot list backups in " + config.directory() + ": " + e.getMessage());
      }
    }

    void take() {
      // the pair and a random part too: pairs backing up into one directory in the same second
      // must never share a folder
      taken =
          config
              .directory()
              .resolve(
                  "art32-"
                      + FOLDER.format(clock.instant())
                      + "-"
                      + pair.name()
                      + "-"
                      + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000)));
      try {
        Files.createDirectories(config.directory());
        removeAbandoned(config.directory());
        // who owns the folder while it exists: a run killed before its clean-up is found by it
        Files.writeString(owner(taken), ProcessHandle.current().pid() + " " + startOfThisProcess());
      } catch (IOException e) {
        throw new BackupException("cannot create " + config.directory() + ": " + e.getMessage());
      }
      Shell.Result result =
          Shell.run(
              config.command(),
              config.timeout(),
              Map.of(
                  "ART32_BACKUP_DIR", taken.toString(),
                  "ART32_HOST", node.host(),
                  "ART32_PORT", Integer.toString(node.port())));
      backupMillis = result.nanos() / 1_000_000;
      String tail = tail(result.output());
      phases.add(new BackupEvidence.Phase("backup", backupMillis, "command: " + tail));
      if (!result.succeeded() || !BackupSet.isBackup(taken)) {
        throw new BackupException(
            "the backup command "
                + (result.timedOut()
                    ? "timed out after " + config.timeout().toSeconds() + " s"
                    : "exited with " + result.exitCode())
                + (BackupSet.isBackup(taken) ? "" : " and left no backup in " + taken)
                + ": "
                + tail);
      }
      chosen = BackupSet.read(taken);
    }

    void restore() {
      ServerBinaries binaries = ServerBinaries.locate(binariesCache);
      try {
        // named by the process, so whoever looks at /tmp can tell whose scratch it is
        work = Files.createTempDirectory("art32-restore-" + ProcessHandle.current().pid() + "-");
      } catch (IOException e) {
        throw new BackupException("cannot create a scratch directory: " + e.getMessage());
      }
      Path data = work.resolve("data");
      long start = System.nanoTime();
      long bytes = copy(chosen.dir(), data);
      long copy = millisSince(start);
      phases.add(
          new BackupEvidence.Phase(
              "copy", copy, bytes + " bytes from " + chosen.dir() + " to a scratch directory"));
      start = System.nanoTime();
      Shell.Result prepared =
          Shell.run(
              List.of(config.tool(), "--no-defaults", "--prepare", "--target-dir=" + data),
              config.timeout(),
              Map.of());
      long prepare = millisSince(start);
      phases.add(new BackupEvidence.Phase("prepare", prepare, tail(prepared.output())));
      if (!prepared.succeeded()) {
        throw new BackupException(
            config.tool()
                + " --prepare failed (exit "
                + prepared.exitCode()
                + "): "
                + tail(prepared.output()));
      }
      start = System.nanoTime();
      try {
        server = ScratchServer.start(binaries, data, work);
      } catch (IOException e) {
        throw new BackupException("cannot start " + binaries.server() + ": " + e.getMessage());
      }
      server.awaitFirstQuery(config.timeout().toMillis());
      long firstQuery = millisSince(start);
      try (Connection c = server.connect(5_000);
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT VERSION()")) {
        rs.next();
        serverVersion = rs.getString(1);
      } catch (SQLException e) {
        throw new BackupException("the restored server stopped answering: " + e.getMessage());
      }
      phases.add(
          new BackupEvidence.Phase(
              "start to first query", firstQuery, binaries.origin() + ", " + serverVersion));
      restoreRto = copy + prepare + firstQuery;
    }

    /**
     * Compares with the source node. The transactions the source executed since the backup's GTID
     * position are read from its binary log; a table none of them wrote must match exactly.
     */
    void compare() {
      long start = System.nanoTime();
      Dialect dialect = source.dialect();
      ConsistencyAudit comparer = new ConsistencyAudit(rules, connector);
      Set<String> own = Set.of(pair.checks().heartbeat().schema(), pair.drill().canarySchema());
      try {
        Changes changes = changesSince(dialect);
        comparedWith =
            node.address()
                + " at "
                + changes.position
                + (changes.count == 0
                    ? " (the backup's position)"
                    : "; "
                        + changes.count
                        + " transaction(s) since the backup's "
                        + chosen.gtid()
                        + " wrote "
                        + (changes.tables == null ? "unknown tables" : changes.tables));
        List<ConsistencyEvidence.Table> compared =
            comparer.compareWith(
                node,
                dialect,
                () -> {
                  try {
                    return server.connect(5_000);
                  } catch (SQLException e) {
                    throw new BackupException(
                        "the restored server stopped answering: " + e.getMessage());
                  }
                },
                config.verifyTables(),
                own,
                table -> changes.tables != null && !changes.tables.contains(table));
        tables = compared.stream().map(t -> table(t, changes)).toList();
      } catch (SQLException e) {
        throw new BackupException("cannot compare with " + node.address() + ": " + e.getMessage());
      }
      phases.add(
          new BackupEvidence.Phase(
              "compare", millisSince(start), tables.size() + " table(s) against the source"));
    }

    BackupEvidence.Table table(ConsistencyEvidence.Table t, Changes changes) {
      boolean changed = changes.tables == null || changes.tables.contains(t.name());
      String detail =
          switch (t.status()) {
            case "MATCH" -> "identical: " + t.chunks() + " chunk(s)";
            case "DIFFERENT" ->
                changed
                    ? "written since the backup, so it differs as expected"
                    : t.differingRows()
                        + " row(s) differ although nothing wrote the table since the backup"
                        + (t.sampleKeys().isEmpty()
                            ? ""
                            : ": " + String.join("; ", t.sampleKeys()));
            default -> t.reason() == null ? t.status() : t.reason();
          };
      return new BackupEvidence.Table(
          t.name(),
          t.rowsReplica(),
          t.rowsPrimary(),
          t.status().equals("MATCH"),
          (changed && !t.status().equals("MATCH") ? "changed since the backup; " : "") + detail);
    }

    /** Transactions on the source beyond the backup's position, and the tables they wrote. */
    Changes changesSince(Dialect dialect) throws SQLException {
      String now;
      try (Connection c = connector.connect("backup source", node);
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(dialect.executedGtidsSql())) {
        rs.next();
        now = rs.getString(1);
      }
      if (chosen.gtid() == null || chosen.gtid().isBlank()) {
        return new Changes(now, -1, null);
      }
      Transactions since = dialect.missingFrom(now, chosen.gtid(), chosen.gtid());
      if (since.isEmpty()) {
        return new Changes(now, 0, Set.of());
      }
      List<BinlogReader.Found> found =
          BinlogReader.find(
              "backup source", connector.connect("backup source", node), dialect, since);
      if (found.size() < since.count()) {
        return new Changes(now, since.count(), null);
      }
      Set<String> written = new HashSet<>();
      for (BinlogReader.Found f : found) {
        written.addAll(f.tables());
        if (!f.statements().isEmpty()) {
          return new Changes(now, since.count(), null);
        }
      }
      return new Changes(now, since.count(), written);
    }

    void cleanUp() {
      if (server != null) {
        server.close();
      }
      deleteTree(work);
      if (taken != null) {
        deleteTree(taken);
        try {
          Files.deleteIfExists(owner(taken));
        } catch (IOException e) {
          // removed with the folder by the next run that finds it abandoned
        }
      }
    }

    BackupEvidence evidence() {
      Instant finished = chosen == null ? null : chosen.finishedAt();
      BackupSet aged = newestExisting != null ? newestExisting : chosen;
      Long age =
          aged == null ? null : Duration.between(aged.finishedAt(), clock.instant()).toSeconds();
      return new BackupEvidence(
          config.node() + " " + node.address(),
          chosen == null ? config.directory().toString() : chosen.dir().toString(),
          chosen == null || chosen.tool() == null ? config.tool() : chosen.tool(),
          taken != null,
          backupMillis,
          finished,
          age,
          chosen == null || chosen.binlogFile() == null
              ? null
              : chosen.binlogFile() + ":" + chosen.binlogPosition(),
          chosen == null ? null : chosen.gtid(),
          serverVersion,
          phases,
          restoreRto,
          comparedWith,
          tables,
          error);
    }

    List<Finding> findings() {
      List<Finding> out = new ArrayList<>();
      if (config.command() != null) {
        out.add(
            finding(
                "BACKUP-TAKE",
                "A backup can be taken",
                taken != null && chosen != null ? Status.PASS : Status.FAIL,
                taken != null && chosen != null
                    ? Text.of(
                        "backup.taken",
                        Text.word("role." + config.node(), config.node()),
                        backupMillis)
                    : Text.of("backup.failed", clean(error)),
                Text.of("backup.take.expected")));
      }
      out.add(ageFinding());
      boolean restored = restoreRto != null;
      out.add(
          finding(
              "BACKUP-RESTORE",
              "The backup restores to a server that answers queries",
              restored ? Status.PASS : Status.FAIL,
              restored
                  ? Text.of("backup.restored", clean(chosen.dir().toString()), clean(serverVersion))
                  : Text.of("backup.failed", clean(error)),
              Text.of("backup.restore.expected")));
      long objective = pair.objectives().restoreRto().toMillis();
      out.add(
          finding(
              "BACKUP-RTO",
              "Restore time within the objective",
              !restored ? Status.NOT_ASSESSED : restoreRto <= objective ? Status.PASS : Status.FAIL,
              !restored
                  ? Text.of("backup.rto.notFinished")
                  : Text.of(
                      "backup.rto",
                      restoreRto,
                      Text.join(
                          "sep.comma",
                          phases.stream()
                              .filter(
                                  p -> !p.name().equals("backup") && !p.name().equals("compare"))
                              .map(
                                  p ->
                                      Text.of(
                                          "backup.phase",
                                          Text.word(
                                              "phase." + p.name().replace(' ', '_'), p.name()),
                                          p.millis()))
                              .toList())),
              Text.of("backup.rto.expected", objective)));
      out.add(verifyFinding(restored));
      return out;
    }

    Finding ageFinding() {
      long objective = pair.objectives().backupAge().toSeconds();
      Text expected = Text.of("backup.age.expected", objective);
      if (newestExisting == null) {
        return finding(
            "BACKUP-AGE",
            "Newest backup within the age objective",
            chosen == null ? Status.FAIL : Status.WARN,
            chosen == null
                ? Text.of("backup.age.none", clean(config.directory().toString()))
                : Text.of("backup.age.onlyOurs", clean(config.directory().toString())),
            expected);
      }
      long age = Duration.between(newestExisting.finishedAt(), clock.instant()).toSeconds();
      return finding(
          "BACKUP-AGE",
          "Newest backup within the age objective",
          age <= objective ? Status.PASS : Status.FAIL,
          Text.of(
              "backup.age",
              clean(newestExisting.dir().toString()),
              newestExisting.finishedAt().toString(),
              age),
          expected);
    }

    Finding verifyFinding(boolean restored) {
      Text expected = Text.of("backup.verify.expected");
      if (!restored || error != null) {
        return finding(
            "BACKUP-VERIFY",
            "Restored data matches the source",
            Status.NOT_ASSESSED,
            error == null
                ? Text.of("backup.rto.notFinished")
                : Text.of("notAssessed", clean(error)),
            expected);
      }
      List<BackupEvidence.Table> bad =
          tables.stream()
              .filter(t -> !t.checksumsMatch() && !t.detail().startsWith("changed since"))
              .toList();
      List<BackupEvidence.Table> changed =
          tables.stream().filter(t -> t.detail().startsWith("changed since")).toList();
      long matched = tables.stream().filter(BackupEvidence.Table::checksumsMatch).count();
      List<Text> observed = new ArrayList<>();
      observed.add(Text.of("backup.verify.matched", matched, tables.size()));
      bad.forEach(t -> observed.add(Text.of("backup.verify.bad", t.name(), clean(t.detail()))));
      if (!changed.isEmpty()) {
        observed.add(
            Text.of(
                "backup.verify.changed",
                String.join(", ", changed.stream().map(BackupEvidence.Table::name).toList())));
      }
      Status status =
          tables.isEmpty()
              ? Status.NOT_ASSESSED
              : !bad.isEmpty() ? Status.FAIL : !changed.isEmpty() ? Status.WARN : Status.PASS;
      return finding(
          "BACKUP-VERIFY",
          "Restored data matches the source",
          status,
          Text.concat(observed.toArray()),
          expected);
    }

    /** A value for a finding's words, with every secret art32 knows taken out. */
    String clean(String value) {
      return redactor.clean(String.valueOf(value));
    }

    Finding finding(String id, String title, Status status, Text observed, Text expected) {
      return Finding.said(
          id,
          title,
          "backups",
          Severity.HIGH,
          status,
          observed,
          expected,
          "Article 32(1)(c) asks for the ability to restore personal data in a timely manner;"
              + " only a backup that was restored and checked shows that ability (DORA Art. 12).",
          status == Status.FAIL || status == Status.WARN
              ? Catalogue.english().word("fix.backup")
              : "",
          rules.area("backups").references());
    }

    String tail(String output) {
      String cleaned = redactor.clean(output == null ? "" : output.strip());
      String[] lines = cleaned.split("\n");
      return String.join(
          " | ", List.of(lines).subList(Math.max(0, lines.length - 2), lines.length));
    }
  }

  private record Changes(String position, long count, Set<String> tables) {}

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static long copy(Path from, Path to) {
    long[] bytes = {0};
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
          bytes[0] += Files.size(target);
        }
      }
    } catch (IOException e) {
      throw new BackupException("cannot copy " + from + ": " + e.getMessage());
    }
    return bytes[0];
  }

  /** The file beside a backup art32 takes that names the process taking it. */
  private static Path owner(Path backup) {
    return backup.resolveSibling(backup.getFileName() + ".owner");
  }

  private static String startOfThisProcess() {
    return ProcessHandle.current().info().startInstant().map(Object::toString).orElse("?");
  }

  /**
   * Removes the backups art32 took in {@code directory} for a process that no longer runs (a run
   * killed during its audit): each has an owner file with the taking process's id and start time.
   */
  static void removeAbandoned(Path directory) throws IOException {
    List<Path> owners;
    try (var files = Files.list(directory)) {
      owners = files.filter(p -> p.getFileName().toString().matches("art32-.*\\.owner")).toList();
    }
    for (Path file : owners) {
      String[] owner = Files.readString(file).trim().split(" ", 2);
      boolean alive;
      try {
        alive =
            ProcessHandle.of(Long.parseLong(owner[0]))
                .filter(
                    p ->
                        owner.length < 2
                            || p.info()
                                .startInstant()
                                .map(Object::toString)
                                .orElse("?")
                                .equals(owner[1]))
                .isPresent();
      } catch (NumberFormatException e) {
        alive = false;
      }
      if (!alive) {
        String name = file.getFileName().toString();
        deleteTree(file.resolveSibling(name.substring(0, name.length() - ".owner".length())));
        Files.deleteIfExists(file);
      }
    }
  }

  private static void deleteTree(Path dir) {
    try {
      FileTrees.delete(dir);
    } catch (IOException e) {
      // a scratch file left behind is harmless; the next run uses a new directory
    }
  }

  /** A phase of the verification failed; the message says which and why. */
  static final class BackupException extends Art32Exception {
    BackupException(String message) {
      super(ExitCode.ENVIRONMENT, message);
    }
  }
}
