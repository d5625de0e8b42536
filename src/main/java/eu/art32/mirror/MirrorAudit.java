package eu.art32.mirror;

import eu.art32.EnvironmentException;
import eu.art32.FileTrees;
import eu.art32.area.AreaCheck;
import eu.art32.area.AreaContext;
import eu.art32.area.AreaResult;
import eu.art32.config.MirrorConfig;
import eu.art32.config.PairConfig;
import eu.art32.evidence.Catalogue;
import eu.art32.evidence.EvidenceKind;
import eu.art32.evidence.Finding;
import eu.art32.evidence.MirrorEvidence;
import eu.art32.evidence.Severity;
import eu.art32.evidence.Status;
import eu.art32.evidence.Text;
import eu.art32.evidence.TimedFigure;
import eu.art32.rules.MirrorRules;
import eu.art32.rules.RuleBook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.BiPredicate;

/**
 * The file mirror audit of a pair: the lsyncd sync's settings against rules/mirror.yaml, the
 * freshness of the mirror measured with canary files, and a comparison of source and mirror (fast:
 * size and mtime; deep: content hashes).
 */
public final class MirrorAudit implements AreaCheck {
  /** Evidence and findings. */
  public record Result(MirrorEvidence evidence, List<Finding> findings) {}

  static final String CANARY_DIR = ".art32-canary";

  private final RuleBook rules;
  private final MirrorRules mirrorRules;
  private final boolean deep;

  public MirrorAudit(RuleBook rules, MirrorRules mirrorRules, boolean deep) {
    this.rules = rules;
    this.mirrorRules = mirrorRules;
    this.deep = deep;
  }

  @Override
  public String area() {
    return "mirror";
  }

  @Override
  public Stage stage() {
    return Stage.SLOT;
  }

  /**
   * While no other pair of the run works on the same source folder: their canaries must not mix.
   */
  @Override
  public AreaResult run(AreaContext context) {
    PairConfig pair = context.pair();
    Result result =
        pair.mirror() == null
            ? run(pair)
            : context.exclusive(
                "mirror " + FileTrees.canonical(pair.mirror().source()), () -> run(pair));
    return AreaResult.of(EvidenceKind.MIRROR, result.evidence(), result.findings());
  }

  public Result run(PairConfig pair) {
    List<Finding> findings = new ArrayList<>();
    MirrorConfig mirror = pair.mirror();
    if (mirror == null) {
      findings.add(
          finding(
              "MIRROR-CONFIG",
              "lsyncd mirror configured",
              Status.NOT_ASSESSED,
              Text.of("mirror.none"),
              Text.of("mirror.none.expected"),
              Severity.HIGH));
      return new Result(null, findings);
    }
    LsyncdConfig.Sync sync = null;
    LsyncdConfig config = null;
    if (mirror.lsyncdConfig() == null) {
      findings.add(
          finding(
              "MIRROR-CONFIG",
              "lsyncd mirror configured",
              Status.NOT_ASSESSED,
              Text.of("mirror.noConfig"),
              Text.of("mirror.noConfig.expected"),
              Severity.HIGH));
    } else {
      try {
        config = LuaReader.read(Files.readString(mirror.lsyncdConfig()));
        sync =
            config.syncs().stream()
                .filter(s -> same(s.source(), mirror.source().toString()))
                .findFirst()
                .orElse(null);
        if (sync == null) {
          findings.add(
              finding(
                  "MIRROR-CONFIG",
                  "lsyncd mirror configured",
                  Status.FAIL,
                  Text.concat(
                      Text.of(
                          "mirror.noSync",
                          mirror.lsyncdConfig().toString(),
                          mirror.source().toString(),
                          config.syncs().size()),
                      unsupported(config)),
                  Text.of("mirror.noSync.expected", mirror.source().toString()),
                  Severity.HIGH));
        } else {
          findings.add(
              finding(
                  "MIRROR-CONFIG",
                  "lsyncd mirror configured",
                  config.unsupported().isEmpty() ? Status.PASS : Status.WARN,
                  Text.concat(
                      Text.of(
                          "mirror.sync",
                          mirror.lsyncdConfig().toString(),
                          sync.line(),
                          "sync { "
                              + sync.layer()
                              + ", source="
                              + sync.source()
                              + ", target="
                              + sync.target()
                              + " }"),
                      unsupported(config)),
                  Text.of("mirror.sync.expected"),
                  Severity.HIGH));
          findings.addAll(settingsFindings(config, sync, mirror.source()));
        }
      } catch (IOException e) {
        findings.add(
            finding(
                "MIRROR-CONFIG",
                "lsyncd mirror configured",
                Status.NOT_ASSESSED,
                Text.of(
                    "mirror.cannotRead",
                    mirror.lsyncdConfig().toString(),
                    String.valueOf(e.getMessage())),
                Text.of("mirror.cannotRead.expected"),
                Severity.HIGH));
      }
    }
    List<String> excludes = new ArrayList<>(sync == null ? List.of() : sync.excludes());
    if (!Files.isDirectory(mirror.source())) {
      notReadable(findings, Text.of("mirror.sourceNotDir", mirror.source().toString()));
      return new Result(evidence(mirror, sync, excludes, null, null, null), findings);
    }
    Path target = localTarget(mirror.target());
    Duration objective = mirror.fileRpo() == null ? mirrorRules.defaultFileRpo() : mirror.fileRpo();
    RemoteTarget remote =
        target == null ? RemoteTarget.parse(mirror.target(), mirror.remoteShell()) : null;
    BiPredicate<String, byte[]> intact =
        target != null
            ? (name, content) -> sameFile(target.resolve(CANARY_DIR).resolve(name), content)
            : (name, content) ->
                HexFormat.of()
                    .formatHex(sha256(content))
                    .equals(remote.sha256(CANARY_DIR + "/" + name));
    Instant canariesWritten = Instant.now();
    Canaries canaries = canaries(mirror.source(), intact, objective);
    findings.add(freshnessFinding(canaries, objective));
    if (sync != null) {
      // lsyncd rewrites its status file only when it has work; the canaries just gave it some
      findings.add(
          statusFinding(
              config, canariesWritten, canaries.lost() == 0 && !canaries.delaysMs().isEmpty()));
    }
    List<String> verifyExcludes = new ArrayList<>(excludes);
    verifyExcludes.add(CANARY_DIR + "/");
    long start = System.nanoTime();
    TreeComparison.Result compared =
        target != null
            ? new TreeComparison(verifyExcludes, deep, Runtime.getRuntime().availableProcessors())
                .compare(mirror.source(), target)
            : remote.compare(mirror.source().toString(), verifyExcludes, deep);
    double seconds = (System.nanoTime() - start) / 1e9;
    findings.add(verifyFinding(compared, remote != null));
    return new Result(evidence(mirror, sync, excludes, canaries, compared, seconds), findings);
  }

  private static boolean sameFile(Path copy, byte[] content) {
    try {
      return Files.isRegularFile(copy) && Arrays.equals(Files.readAllBytes(copy), content);
    } catch (IOException e) {
      return false;
    }
  }

  private static byte[] sha256(byte[] content) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(content);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Freshness and verification cannot be measured: both NOT_ASSESSED with the reason. */
  private void notReadable(List<Finding> findings, Text why) {
    findings.add(
        finding(
            "MIRROR-FRESHNESS",
            "Mirror freshness (file RPO)",
            Status.NOT_ASSESSED,
            Text.of("notAssessed", why),
            Text.of("mirror.freshness.expectedShort"),
            Severity.HIGH));
    findings.add(
        finding(
            "MIRROR-VERIFY",
            "Mirror holds what the source holds",
            Status.NOT_ASSESSED,
            Text.of("notAssessed", why),
            Text.of("mirror.verify.expectedShort"),
            Severity.HIGH));
  }

  private static Text unsupported(LsyncdConfig config) {
    return config.unsupported().isEmpty()
        ? Text.concat()
        : Text.of("mirror.notRead", String.join("; ", config.unsupported()));
  }

  private List<Finding> settingsFindings(LsyncdConfig config, LsyncdConfig.Sync sync, Path source) {
    List<Finding> out = new ArrayList<>();
    Excludes excludes = new Excludes(sync.excludes());
    List<String> volatileFound = new ArrayList<>();
    List<String> notExcluded = new ArrayList<>();
    for (String name : mirrorRules.volatileDirectories()) {
      for (String rel : candidates(source, name)) {
        volatileFound.add(rel);
        if (!excludes.excluded(rel, true)) {
          notExcluded.add(rel);
        }
      }
    }
    out.add(
        finding(
            "MIRROR-EXCLUDES",
            "Cache and temporary directories are not mirrored",
            volatileFound.isEmpty()
                ? Status.PASS
                : notExcluded.isEmpty() ? Status.PASS : Status.FAIL,
            volatileFound.isEmpty()
                ? Text.of(
                    "mirror.excludes.noVolatile",
                    String.join("/", mirrorRules.volatileDirectories()),
                    source.toString(),
                    sync.excludes().toString())
                : notExcluded.isEmpty()
                    ? Text.of(
                        "mirror.excludes.excluded",
                        String.join(", ", volatileFound),
                        sync.excludes().toString())
                    : Text.of(
                        "mirror.excludes.mirrored",
                        String.join(", ", notExcluded),
                        sync.excludes().toString()),
            Text.of(
                "mirror.excludes.expected", String.join(", ", mirrorRules.volatileDirectories())),
            Severity.MEDIUM));
    boolean bwlimit =
        sync.extra().stream().anyMatch(e -> e.startsWith("--bwlimit"))
            || sync.rsync().containsKey("bwlimit");
    out.add(
        finding(
            "MIRROR-BWLIMIT",
            "Bandwidth limit set for the mirror",
            bwlimit ? Status.PASS : Status.WARN,
            bwlimit
                ? Text.of(
                    "verbatim",
                    "rsync "
                        + sync.extra()
                        + (sync.rsync().containsKey("bwlimit")
                            ? " bwlimit=" + sync.rsync().get("bwlimit")
                            : ""))
                : Text.of("mirror.bwlimit.none"),
            Text.of("mirror.bwlimit.expected"),
            Severity.LOW));
    Object delete = sync.fields().get("delete");
    out.add(
        finding(
            "MIRROR-DELETE",
            "Delete behaviour is stated",
            delete == null ? Status.WARN : Status.PASS,
            delete == null
                ? Text.of("mirror.delete.unset")
                : Text.of("verbatim", "delete = " + delete),
            Text.of("mirror.delete.expected"),
            Severity.LOW));
    boolean archive = Boolean.TRUE.equals(sync.rsync().get("archive"));
    boolean direct = "default.direct".equals(sync.layer());
    out.add(
        finding(
            "MIRROR-ARCHIVE",
            "rsync keeps permissions, owners and times (archive)",
            archive || direct ? Status.PASS : Status.FAIL,
            direct
                ? Text.of("mirror.archive.direct")
                : sync.rsync().containsKey("archive")
                    ? Text.of("verbatim", "rsync.archive = " + sync.rsync().get("archive"))
                    : Text.of("mirror.archive.unset"),
            Text.of("verbatim", "rsync = { archive = true }"),
            Severity.MEDIUM));
    out.add(logFinding(config));
    return out;
  }

  private static List<String> candidates(Path source, String name) {
    List<String> found = new ArrayList<>();
    if (Files.isDirectory(source.resolve(name))) {
      found.add(name);
    }
    try (var top = Files.list(source)) {
      for (Path dir : top.filter(Files::isDirectory).toList()) {
        if (Files.isDirectory(dir.resolve(name))) {
          found.add(dir.getFileName() + "/" + name);
        }
      }
    } catch (IOException e) {
      // an unreadable source shows up in the verification
    }
    return found;
  }

  /**
   * Whether lsyncd runs, from what it does: it rewrites its status file only when it has work (at
   * most every {@code statusInterval} seconds), so an idle lsyncd leaves an old file. The canaries
   * just gave it work: a file rewritten since they were written shows lsyncd at work, whatever its
   * age before. Only when no canary arrived does the file's age decide.
   */
  private Finding statusFinding(LsyncdConfig config, Instant canariesWritten, boolean arrived) {
    Text expected = Text.of("mirror.status.expected", mirrorRules.statusMaxAge().toSeconds());
    Object file = config.settings().get("statusFile");
    if (!(file instanceof String path)) {
      return statusFinding(Status.NOT_ASSESSED, Text.of("mirror.status.unset"), expected);
    }
    Path status = Path.of(path);
    try {
      Instant modified = Files.getLastModifiedTime(status).toInstant();
      if (arrived) {
        long interval =
            config.settings().get("statusInterval") instanceof Number n ? n.longValue() : 10;
        Instant waitUntil = canariesWritten.plusSeconds(interval + 2);
        while (modified.isBefore(canariesWritten) && Instant.now().isBefore(waitUntil)) {
          Thread.sleep(100);
          modified = Files.getLastModifiedTime(status).toInstant();
        }
        if (!modified.isBefore(canariesWritten)) {
          return statusFinding(
              Status.PASS,
              Text.of(
                  "mirror.status.after",
                  path,
                  Duration.between(canariesWritten, modified).toMillis()),
              expected);
        }
        if (!modified.isBefore(canariesWritten.minusSeconds(interval + 2))) {
          // lsyncd writes its status at most every statusInterval; a write just before the
          // canaries (another pair's canaries on a shared mirror, say) can hold the next one back
          return statusFinding(
              Status.PASS,
              Text.of(
                  "mirror.status.before",
                  path,
                  Duration.between(modified, canariesWritten).toMillis()),
              expected);
        }
        return statusFinding(
            Status.WARN,
            Text.of(
                "mirror.status.notRewritten",
                path,
                Duration.between(modified, Instant.now()).toSeconds()),
            expected);
      }
      long age = Duration.between(modified, Instant.now()).toSeconds();
      return statusFinding(
          age <= mirrorRules.statusMaxAge().toSeconds() ? Status.PASS : Status.FAIL,
          Text.of("mirror.status.age", path, age),
          expected);
    } catch (IOException e) {
      return statusFinding(Status.FAIL, Text.of("mirror.status.missing", path), expected);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return statusFinding(Status.NOT_ASSESSED, Text.of("mirror.interrupted"), expected);
    }
  }

  private Finding statusFinding(Status status, Text observed, Text expected) {
    return finding(
        "MIRROR-STATUS",
        "lsyncd is running (status file fresh)",
        status,
        observed,
        expected,
        Severity.HIGH);
  }

  private Finding logFinding(LsyncdConfig config) {
    Object file = config.settings().get("logfile");
    if (!(file instanceof String path)) {
      return finding(
          "MIRROR-LOG",
          "No recent errors in the lsyncd log",
          Status.NOT_ASSESSED,
          Text.of("mirror.log.unset"),
          Text.of("mirror.log.expected", mirrorRules.logWindow().toHours()),
          Severity.MEDIUM);
    }
    try {
      if (Files.getLastModifiedTime(Path.of(path))
          .toInstant()
          .isBefore(Instant.now().minus(mirrorRules.logWindow()))) {
        return finding(
            "MIRROR-LOG",
            "No recent errors in the lsyncd log",
            Status.PASS,
            Text.of("mirror.log.quiet", path, mirrorRules.logWindow().toHours()),
            Text.of("mirror.log.expected", mirrorRules.logWindow().toHours()),
            Severity.MEDIUM);
      }
      List<String> errors = new ArrayList<>();
      try (var lines = Files.lines(Path.of(path), StandardCharsets.UTF_8)) {
        lines
            .filter(l -> mirrorRules.logError().matcher(l).find())
            .forEach(
                l -> {
                  errors.add(l.length() > 160 ? l.substring(0, 157) + "..." : l);
                  if (errors.size() > 50) {
                    errors.remove(0);
                  }
                });
      }
      return finding(
          "MIRROR-LOG",
          "No recent errors in the lsyncd log",
          errors.isEmpty() ? Status.PASS : Status.WARN,
          errors.isEmpty()
              ? Text.of("mirror.log.clean", path)
              : Text.of("mirror.log.errors", path, errors.size(), errors.get(errors.size() - 1)),
          Text.of("mirror.log.expected", mirrorRules.logWindow().toHours()),
          Severity.MEDIUM);
    } catch (IOException | UncheckedIOException e) {
      return finding(
          "MIRROR-LOG",
          "No recent errors in the lsyncd log",
          Status.NOT_ASSESSED,
          Text.of("mirror.log.cannotRead", path),
          Text.of("mirror.log.readable"),
          Severity.MEDIUM);
    }
  }

  /**
   * Delays of canary files from written on the source to intact on the mirror, and for each the
   * time to the start of the check before, which had not found it yet (a lower bound).
   */
  record Canaries(List<Double> delaysMs, List<Double> undistortedMs, int lost) {
    /** The slowest canary as measured and as at least. */
    TimedFigure slowest() {
      return new TimedFigure(
          delaysMs.stream().mapToDouble(Double::doubleValue).max().orElse(0),
          undistortedMs.stream().mapToDouble(Double::doubleValue).max().orElse(0));
    }
  }

  Canaries canaries(Path source, BiPredicate<String, byte[]> intact, Duration objective) {
    // a folder of this audit's own under .art32-canary: pairs sharing a mirror never touch each
    // other's canaries
    String own = "audit-" + UUID.randomUUID();
    Path dir = source.resolve(CANARY_DIR).resolve(own);
    List<Double> delays = new ArrayList<>();
    List<Double> lower = new ArrayList<>();
    int lost = 0;
    long bound = Math.max(objective.toMillis() * 2, 10_000);
    try {
      Files.createDirectories(dir);
      for (int i = 0; i < mirrorRules.canaries(); i++) {
        String file = "canary-" + UUID.randomUUID() + ".txt";
        String name = own + "/" + file;
        byte[] content =
            ("art32 canary " + Instant.now() + " " + UUID.randomUUID() + "\n")
                .repeat(32)
                .getBytes(StandardCharsets.UTF_8);
        long written = System.nanoTime();
        Files.write(dir.resolve(file), content);
        Double delay = null;
        long previousCheck = written;
        while ((System.nanoTime() - written) / 1_000_000 < bound) {
          long check = System.nanoTime();
          if (intact.test(name, content)) {
            delay = (System.nanoTime() - written) / 1e6;
            lower.add(Math.round((previousCheck - written) / 1e5) / 10.0);
            break;
          }
          previousCheck = check;
          Thread.sleep(10);
        }
        if (delay == null) {
          lost = mirrorRules.canaries() - delays.size();
          break;
        } else {
          delays.add(Math.round(delay * 10) / 10.0);
        }
      }
    } catch (IOException e) {
      throw new EnvironmentException(
          "cannot write canary files under " + dir + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try (var files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
        Files.deleteIfExists(dir.getParent());
      } catch (IOException e) {
        // another audit's canaries are still there, or left for lsyncd to carry over and the next
        // audit to clean
      }
    }
    return new Canaries(delays, lower, lost);
  }

  private Finding freshnessFinding(Canaries c, Duration objective) {
    List<Double> sorted = new ArrayList<>(c.delaysMs());
    Collections.sort(sorted);
    Double p50 = sorted.isEmpty() ? null : sorted.get((sorted.size() - 1) / 2);
    Double max = sorted.isEmpty() ? null : sorted.get(sorted.size() - 1);
    TimedFigure slowest = c.slowest();
    Status status =
        c.lost() > 0 || max == null ? Status.FAIL : slowest.against(objective.toMillis(), true);
    Text measured =
        Text.concat(
            Text.of("mirror.canaries", c.delaysMs().size(), c.delaysMs().size() + c.lost()),
            p50 == null ? Text.concat() : Text.of("mirror.canaries.delays", p50, max),
            c.lost() == 0 ? Text.concat() : Text.of("mirror.canaries.lost", c.lost()),
            max != null && slowest.distorted()
                ? Text.of("mirror.canaries.atLeast", slowest.undistorted())
                : Text.concat());
    Text observed =
        status == Status.WARN ? TimedFigure.unconfirmed("delay", "fileRpo", measured) : measured;
    return finding(
        "MIRROR-FRESHNESS",
        "Mirror freshness (file RPO)",
        status,
        observed,
        Text.of("mirror.freshness.expected", objective.toMillis()),
        Severity.HIGH);
  }

  private Finding verifyFinding(TreeComparison.Result r, boolean remote) {
    List<Text> parts = new ArrayList<>();
    parts.add(
        remote
            ? Text.of(deep ? "mirror.verify.remoteDeep" : "mirror.verify.remote")
            : Text.of(deep ? "mirror.verify.deep" : "mirror.verify.fast"));
    if (remote) {
      parts.add(Text.of("mirror.verify.remoteCounts", r.missing(), r.extra(), r.different()));
    } else {
      parts.add(
          Text.of(
              "mirror.verify.counts",
              r.filesCompared(),
              r.bytesCompared(),
              r.missing(),
              r.missingBytes(),
              r.extra(),
              r.different()));
    }
    if (r.changedDuringScan() != 0) {
      parts.add(Text.of("mirror.verify.changed", r.changedDuringScan()));
    }
    if (r.oldestUnsyncedChange() != null) {
      parts.add(Text.of("mirror.verify.oldest", r.oldestUnsyncedChange().toString()));
    }
    if (!r.samples().isEmpty()) {
      parts.add(
          Text.of(
              "mirror.verify.samples",
              String.join("; ", r.samples().subList(0, Math.min(5, r.samples().size())))));
    }
    return finding(
        "MIRROR-VERIFY",
        "Mirror holds what the source holds",
        r.inSync() ? Status.PASS : Status.FAIL,
        Text.concat(parts.toArray()),
        Text.of("mirror.verify.expected"),
        Severity.HIGH);
  }

  private MirrorEvidence evidence(
      MirrorConfig m,
      LsyncdConfig.Sync sync,
      List<String> excludes,
      Canaries c,
      TreeComparison.Result r,
      Double seconds) {
    List<Double> delays = c == null ? List.of() : c.delaysMs();
    List<Double> sorted = new ArrayList<>(delays);
    Collections.sort(sorted);
    return new MirrorEvidence(
        m.lsyncdConfig() == null ? null : m.lsyncdConfig().toString(),
        sync == null ? null : sync.layer(),
        m.source().toString(),
        m.target(),
        excludes,
        delays,
        sorted.isEmpty() ? null : sorted.get((sorted.size() - 1) / 2),
        sorted.isEmpty() ? null : sorted.get(sorted.size() - 1),
        c == null ? null : c.lost(),
        r == null ? null : deep ? "deep" : "fast",
        r == null ? null : r.filesCompared(),
        r == null ? null : r.bytesCompared(),
        r == null ? null : r.missing(),
        r == null ? null : r.extra(),
        r == null ? null : r.different(),
        r == null ? null : r.changedDuringScan(),
        r == null ? null : r.oldestUnsyncedChange(),
        r == null ? List.of() : r.samples(),
        seconds == null ? null : Math.round(seconds * 1000) / 1000.0,
        c == null ? List.of() : c.undistortedMs());
  }

  /** The excludes of the lsyncd sync that carries this mirror, or none when it cannot be read. */
  public static List<String> excludes(MirrorConfig mirror) {
    if (mirror.lsyncdConfig() == null) {
      return List.of();
    }
    try {
      return LuaReader.read(Files.readString(mirror.lsyncdConfig())).syncs().stream()
          .filter(s -> same(s.source(), mirror.source().toString()))
          .findFirst()
          .map(LsyncdConfig.Sync::excludes)
          .orElse(List.of());
    } catch (IOException e) {
      return List.of();
    }
  }

  /** A local target path, or null when the target names a host ({@code host:/path}). */
  public static Path localTarget(String target) {
    if (target.startsWith("/") || !target.contains(":")) {
      return Path.of(target);
    }
    return null;
  }

  private static boolean same(String a, String b) {
    return a != null && a.replaceAll("/+$", "").equals(b.replaceAll("/+$", ""));
  }

  private Finding finding(
      String id, String title, Status status, Text observed, Text expected, Severity severity) {
    return Finding.said(
        id,
        title,
        "mirror",
        severity,
        status,
        observed,
        expected,
        "Personal data in uploaded files must be on the DR site too, or a failover restores the database without the files it points to (Art. 32(1)(b), (c)).",
        status == Status.FAIL || status == Status.WARN
            ? Catalogue.english().word("fix.mirror")
            : "",
        rules.area("mirror").references());
  }
}
