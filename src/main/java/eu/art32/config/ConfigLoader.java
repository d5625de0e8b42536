package eu.art32.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads and validates art32.yaml before any server is touched. Every problem found (unknown keys,
 * wrong types, missing secrets, duplicate names) is collected and thrown together.
 */
public final class ConfigLoader {
  private static final Pattern ENV_REF = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");
  // the keys each section allows come from the published schema, so the two cannot drift
  private static final Set<String> TOP = ConfigSchema.keys();
  private static final Set<String> EVIDENCE = ConfigSchema.keys("evidence");
  private static final Set<String> GEOIP = ConfigSchema.keys("geoip");
  private static final Set<String> RESIDENCY = ConfigSchema.keys("pairs", "[]", "residency");
  private static final Set<String> LATENCY = ConfigSchema.keys("pairs", "[]", "latency");
  private static final Set<String> PAIR = ConfigSchema.keys("pairs", "[]");
  private static final Set<String> NODE = ConfigSchema.keys("pairs", "[]", "primary");
  private static final Set<String> SITE = ConfigSchema.keys("pairs", "[]", "primary", "site");
  private static final Set<String> OBJECTIVES = ConfigSchema.keys("pairs", "[]", "objectives");
  private static final Set<String> HEARTBEAT = ConfigSchema.keys("pairs", "[]", "heartbeat");
  private static final Set<String> CONSISTENCY = ConfigSchema.keys("pairs", "[]", "consistency");
  private static final Set<String> BACKUP = ConfigSchema.keys("pairs", "[]", "backup");
  private static final Pattern TABLE_NAME =
      Pattern.compile("[A-Za-z0-9_$]+\\.(\\*|[A-Za-z0-9_$]+)");
  private static final Set<String> MIRROR = ConfigSchema.keys("pairs", "[]", "mirror");
  private static final Set<String> STEP = ConfigSchema.keys("pairs", "[]", "runbook", "[]");

  private final Map<String, String> env;
  private final Objectives defaults;

  /**
   * @param env the environment {@code ${env:VAR}} references read from
   * @param defaults objectives for pairs that do not set their own (from rules/objectives.yaml)
   */
  public ConfigLoader(Map<String, String> env, Objectives defaults) {
    this.env = Map.copyOf(env);
    this.defaults = defaults;
  }

  public Art32Config load(Path file) {
    return parse(file, TextFile.read(file, "config file"));
  }

  public Art32Config parse(Path file, String text) {
    List<Problem> problems = new ArrayList<>();
    YamlNode root = YamlReader.read(file.toString(), text, problems);
    Art32Config config = root == null ? null : bind(file, root, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return config;
  }

  private Art32Config bind(Path file, YamlNode root, List<Problem> problems) {
    Fields top = Fields.of(root, "", TOP, problems);
    if (top == null) {
      return null;
    }
    top.integer("version", 1, 1);
    String operator = top.string("operator").orElse(null);
    Path baseDir = file.toAbsolutePath().getParent();
    List<PairConfig> pairs = top.list("pairs", node -> pair(node, baseDir, problems));
    if (top.node("pairs").isEmpty()) {
      problems.add(new Problem(top.location(), "missing key 'pairs': list at least one pair"));
    }
    Map<String, Location> seen = new HashMap<>();
    if (top.node("pairs").orElse(null) instanceof YamlNode.Sequence sequence) {
      for (YamlNode item : sequence.items()) {
        if (nameOf(item).isEmpty()) {
          continue;
        }
        Location at = ((YamlNode.Mapping) item).entries().get("name").value().location();
        Location earlier = seen.putIfAbsent(nameOf(item).get(), at);
        if (earlier != null) {
          problems.add(
              new Problem(
                  at,
                  "duplicate pair name '"
                      + nameOf(item).get()
                      + "' (first at line "
                      + earlier.line()
                      + ")"));
        }
      }
    }
    GeoIpConfig geoip = top.node("geoip").map(n -> geoip(n, baseDir, problems)).orElse(null);
    EvidenceConfig evidence =
        top.node("evidence").map(n -> evidence(n, baseDir, problems)).orElse(null);
    return new Art32Config(file, operator, geoip, evidence, pairs);
  }

  /** A pair name: safe as a file name on every system, short enough for every path. */
  static final java.util.regex.Pattern PAIR_NAME =
      java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private PairConfig pair(YamlNode node, Path baseDir, List<Problem> problems) {
    String shown = nameOf(node).orElse("?");
    if (shown.length() > 40 || !PAIR_NAME.matcher(shown).matches() && !shown.equals("?")) {
      shown = "line " + node.location().line();
    }
    String path = "pairs[" + shown + "]";
    Fields f = Fields.of(node, path, PAIR, problems);
    if (f == null) {
      return null;
    }
    String name = f.requiredString("name");
    if (name != null && !PAIR_NAME.matcher(name).matches()) {
      f.problem(
          f.keyLocation("name"),
          "'"
              + path
              + ".name': 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"
              + " (it names files and directories of the run); found "
              + (name.length() > 40
                  ? "a name of " + name.length() + " characters"
                  : "'" + name + "'"));
    }
    Environment environment = f.enumValue("environment", Environment.class).orElse(null);
    if (f.node("environment").isEmpty()) {
      problems.add(
          new Problem(
              f.location(), "missing key '" + path + ".environment' (staging or production)"));
    }
    List<String> tags = f.strings("tags");
    NodeConfig primary = requiredNode(path, f, "primary", baseDir, problems);
    NodeConfig replica = requiredNode(path, f, "replica", baseDir, problems);
    Objectives objectives =
        f.node("objectives")
            .map(n -> objectives(n, path + ".objectives", problems))
            .orElse(defaults);
    MirrorConfig mirror =
        f.node("mirror").map(n -> mirror(n, path + ".mirror", baseDir, problems)).orElse(null);
    List<RunbookStep> runbook = f.list("runbook", n -> step(n, path + ".runbook[]", problems));
    DrillConfig drill =
        f.node("drill")
            .map(
                n ->
                    new DrillReader(this)
                        .read(n, path + ".drill", !runbook.isEmpty(), baseDir, problems))
            .orElse(DrillConfig.defaults(!runbook.isEmpty()));
    PairChecks checks = checks(f, path, baseDir, problems);
    if (name == null
        || environment == null
        || primary == null
        || replica == null
        || objectives == null) {
      return null;
    }
    return new PairConfig(
        name, environment, tags, primary, replica, objectives, mirror, runbook, drill, checks);
  }

  /** The pair's name read ahead, so every message about the pair can name it. */
  private static java.util.Optional<String> nameOf(YamlNode node) {
    if (node instanceof YamlNode.Mapping m
        && m.entries().get("name") != null
        && m.entries().get("name").value() instanceof YamlNode.Scalar s
        && s.text() != null) {
      return java.util.Optional.of(s.text());
    }
    return java.util.Optional.empty();
  }

  private NodeConfig requiredNode(
      String path, Fields f, String key, Path baseDir, List<Problem> problems) {
    if (f.node(key).isEmpty()) {
      problems.add(new Problem(f.location(), "missing key '" + path + "." + key + "'"));
      return null;
    }
    return node(f.node(key).get(), path + "." + key, baseDir, problems);
  }

  private NodeConfig node(YamlNode node, String path, Path baseDir, List<Problem> problems) {
    Fields f = Fields.of(node, path, NODE, problems);
    if (f == null) {
      return null;
    }
    String host = f.requiredString("host");
    int port = f.integer("port", 1, 65535).orElse(3306);
    TlsMode tls = f.enumValue("tls", TlsMode.class).orElse(TlsMode.PREFERRED);
    Path ca = f.string("ca").map(p -> resolve(baseDir, p)).orElse(null);
    if (tls.verifies() && ca == null) {
      problems.add(
          new Problem(
              f.keyLocation("tls"),
              "'"
                  + f.name("tls")
                  + "' "
                  + Fields.spelling(tls)
                  + " needs '"
                  + f.name("ca")
                  + "' (a PEM CA file)"));
    }
    if (ca != null && !Files.isReadable(ca)) {
      problems.add(new Problem(f.keyLocation("ca"), "'" + f.name("ca") + "': cannot read " + ca));
    }
    Map<String, String> options = optionFile(f, baseDir);
    String user = f.string("user").map(u -> interpolate(f, "user", u)).orElse(options.get("user"));
    if (user == null) {
      problems.add(
          new Problem(
              f.location(), "'" + f.name("user") + "' is not set here or in an option file"));
    }
    Secret password = password(f, options);
    Site site = f.node("site").map(n -> site(n, f.name("site"), problems)).orElse(Site.UNDECLARED);
    if (host == null || user == null || password == null) {
      return null;
    }
    return new NodeConfig(host, port, user, password, tls, ca, site);
  }

  /** The [client]/[art32] options of the file named by 'optionFile', if any. */
  Map<String, String> optionFile(Fields f, Path baseDir) {
    if (f.string("optionFile").isEmpty()) {
      return Map.of();
    }
    Path optionFile = resolve(baseDir, f.string("optionFile").get());
    try {
      return OptionFile.clientOptions(optionFile);
    } catch (ConfigException e) {
      f.problem(
          f.keyLocation("optionFile"),
          "'"
              + f.name("optionFile")
              + "': cannot use option file "
              + optionFile
              + ": "
              + e.problems().get(0).message());
      return Map.of();
    }
  }

  Secret password(Fields f, Map<String, String> options) {
    if (f.string("password").isPresent()) {
      String raw = f.string("password").get();
      Matcher matcher = ENV_REF.matcher(raw.trim());
      if (!matcher.matches()) {
        f.problem(
            f.keyLocation("password"),
            "'"
                + f.name("password")
                + "' must be a reference such as ${env:DB_PASSWORD}, never the password itself; or use optionFile");
        return null;
      }
      String value = resolve(f, "password", matcher);
      if (value == null) {
        return null;
      }
      return new Secret(value, "env " + matcher.group(1));
    }
    if (options.containsKey("password")) {
      return new Secret(
          options.get("password"), "option file " + f.string("optionFile").orElse(""));
    }
    f.problem(
        f.location(),
        "'"
            + f.name("password")
            + "' is not set: give ${env:VAR} or an optionFile with a [client] password");
    return null;
  }

  private String interpolate(Fields f, String key, String raw) {
    Matcher matcher = ENV_REF.matcher(raw.trim());
    return matcher.matches() ? resolve(f, key, matcher) : raw;
  }

  /** The value of a matched {@code ${env:VAR}}, or null with a problem when VAR is not set. */
  private String resolve(Fields f, String key, Matcher matcher) {
    String value = env.get(matcher.group(1));
    if (value == null) {
      f.problem(
          f.keyLocation(key),
          "'" + f.name(key) + "': environment variable " + matcher.group(1) + " is not set");
    } else if (value.isEmpty()) {
      // an empty password is almost always a secret the pipeline failed to pass in
      f.problem(
          f.keyLocation(key),
          "'" + f.name(key) + "': environment variable " + matcher.group(1) + " is empty");
      return null;
    }
    return value;
  }

  private static Site site(YamlNode node, String path, List<Problem> problems) {
    Fields f = Fields.of(node, path, SITE, problems);
    if (f == null) {
      return Site.UNDECLARED;
    }
    String country = f.string("country").orElse(null);
    if (country != null && !country.matches("[A-Za-z]{2}")) {
      f.problem(
          f.keyLocation("country"),
          "'"
              + f.name("country")
              + "': expected an ISO 3166 two-letter code such as NO, found '"
              + country
              + "'");
    }
    return new Site(
        country == null ? null : country.toUpperCase(java.util.Locale.ROOT),
        f.string("city").orElse(null),
        f.string("provider").orElse(null),
        f.string("facility").orElse(null),
        f.string("publicIp").orElse(null));
  }

  private Objectives objectives(YamlNode node, String path, List<Problem> problems) {
    Fields f = Fields.of(node, path, OBJECTIVES, problems);
    if (f == null) {
      return defaults;
    }
    Duration rpo = f.duration("rpo").orElse(defaults.rpo());
    Duration rto = f.duration("rto").orElse(defaults.rto());
    Duration latency = f.duration("latency").orElse(defaults.latency());
    int percentile = f.integer("latencyPercentile", 50, 100).orElse(defaults.latencyPercentile());
    return new Objectives(
        rpo,
        rto,
        latency,
        percentile,
        f.duration("lag").orElse(defaults.lag()),
        f.duration("backupAge").orElse(defaults.backupAge()),
        f.duration("restoreRto").orElse(defaults.restoreRto()),
        f.duration("drillInterval").orElse(defaults.drillInterval()));
  }

  private static MirrorConfig mirror(
      YamlNode node, String path, Path baseDir, List<Problem> problems) {
    Fields f = Fields.of(node, path, MIRROR, problems);
    if (f == null) {
      return null;
    }
    String source = f.requiredString("source");
    String target = f.requiredString("target");
    Path lsyncd = f.string("lsyncdConfig").map(p -> resolve(baseDir, p)).orElse(null);
    return source == null || target == null
        ? null
        : new MirrorConfig(
            resolve(baseDir, source),
            target,
            lsyncd,
            f.duration("fileRpo").orElse(null),
            f.string("remoteShell").orElse(null));
  }

  private static RunbookStep step(YamlNode node, String path, List<Problem> problems) {
    Fields f = Fields.of(node, path, STEP, problems);
    if (f == null) {
      return null;
    }
    String name = f.requiredString("name");
    boolean sql = f.string("sql").isPresent();
    boolean command = f.string("command").isPresent();
    if (sql == command) {
      f.problem(f.location(), "'" + path + "' needs exactly one of 'sql' or 'command'");
      return null;
    }
    RunbookStep.Target on =
        f.enumValue("on", RunbookStep.Target.class)
            .orElse(sql ? RunbookStep.Target.REPLICA : RunbookStep.Target.LOCAL);
    if (sql && on == RunbookStep.Target.LOCAL) {
      f.problem(
          f.keyLocation("on"),
          "'" + f.name("on") + "': an SQL step runs on primary or replica, not local");
    }
    Duration timeout = f.duration("timeout").orElse(Duration.ofSeconds(30));
    String text = sql ? f.string("sql").get() : f.string("command").get();
    return name == null
        ? null
        : new RunbookStep(
            name, sql ? RunbookStep.Kind.SQL : RunbookStep.Kind.COMMAND, on, text, timeout);
  }

  private static EvidenceConfig evidence(YamlNode node, Path baseDir, List<Problem> problems) {
    Fields f = Fields.of(node, "evidence", EVIDENCE, problems);
    if (f == null) {
      return null;
    }
    Path key = f.string("signingKey").map(p -> resolve(baseDir, p)).orElse(null);
    Path pub = f.string("signingPublicKey").map(p -> resolve(baseDir, p)).orElse(null);
    if ((key == null) != (pub == null)) {
      f.problem(
          f.location(),
          "'evidence': signingKey and signingPublicKey go together (art32 keygen writes both)");
    }
    java.net.URI tsa = null;
    Optional<String> url = f.string("timestampAuthority");
    if (url.isPresent()) {
      try {
        tsa = new java.net.URI(url.get());
        if (!"http".equals(tsa.getScheme()) && !"https".equals(tsa.getScheme())) {
          throw new java.net.URISyntaxException(url.get(), "not an http or https URL");
        }
      } catch (java.net.URISyntaxException e) {
        f.problem(
            f.keyLocation("timestampAuthority"),
            "'evidence.timestampAuthority': expected the http(s) URL of an RFC 3161"
                + " time-stamping authority, found '"
                + url.get()
                + "'");
      }
    }
    return new EvidenceConfig(
        f.string("history").map(p -> resolve(baseDir, p)).orElse(null), key, pub, tsa);
  }

  private static GeoIpConfig geoip(YamlNode node, Path baseDir, List<Problem> problems) {
    Fields f = Fields.of(node, "geoip", GEOIP, problems);
    if (f == null) {
      return null;
    }
    return new GeoIpConfig(
        f.string("database").map(p -> resolve(baseDir, p)).orElse(null),
        f.string("asnDatabase").map(p -> resolve(baseDir, p)).orElse(null));
  }

  private static PairChecks checks(Fields pair, String path, Path baseDir, List<Problem> problems) {
    String policy = null;
    if (pair.node("residency").isPresent()) {
      Fields r = Fields.of(pair.node("residency").get(), path + ".residency", RESIDENCY, problems);
      policy = r == null ? null : r.string("policy").orElse(null);
      if (policy != null && !policy.equals("eea") && !policy.equals("eea+adequacy")) {
        r.problem(
            r.keyLocation("policy"),
            "'" + r.name("policy") + "': expected eea or eea+adequacy, found '" + policy + "'");
        policy = null;
      }
    }
    int samples = PairChecks.DEFAULTS.samples();
    int warmup = PairChecks.DEFAULTS.warmup();
    String probe = null;
    if (pair.node("latency").isPresent()) {
      Fields l = Fields.of(pair.node("latency").get(), path + ".latency", LATENCY, problems);
      if (l != null) {
        samples = l.integer("samples", 5, 10_000).orElse(samples);
        warmup = l.integer("warmup", 0, 1_000).orElse(warmup);
        probe = l.string("probeCommand").orElse(null);
        if (probe != null && !probe.contains("{target}")) {
          l.problem(
              l.keyLocation("probeCommand"),
              "'" + l.name("probeCommand") + "' must contain {target} (the DR node's host:port)");
        }
      }
    }
    HeartbeatConfig heartbeat =
        pair.node("heartbeat")
            .map(n -> heartbeat(n, path + ".heartbeat", problems))
            .orElse(HeartbeatConfig.DEFAULTS);
    ConsistencyConfig consistency =
        pair.node("consistency")
            .map(n -> consistency(n, path + ".consistency", problems))
            .orElse(ConsistencyConfig.DEFAULTS);
    BackupConfig backup =
        pair.node("backup").map(n -> backup(n, path + ".backup", baseDir, problems)).orElse(null);
    return new PairChecks(policy, samples, warmup, probe, heartbeat, consistency, backup);
  }

  private static HeartbeatConfig heartbeat(YamlNode node, String path, List<Problem> problems) {
    Fields f = Fields.of(node, path, HEARTBEAT, problems);
    HeartbeatConfig d = HeartbeatConfig.DEFAULTS;
    if (f == null) {
      return d;
    }
    Duration interval = f.duration("interval").orElse(d.interval());
    if (interval.toMillis() < 10) {
      f.problem(f.keyLocation("interval"), "'" + f.name("interval") + "' must be at least 10ms");
      interval = d.interval();
    }
    String schema = f.string("schema").orElse(d.schema());
    if (!schema.matches("[A-Za-z0-9_$]+")) {
      f.problem(
          f.keyLocation("schema"),
          "'" + f.name("schema") + "': expected a plain schema name, found '" + schema + "'");
      schema = d.schema();
    }
    return new HeartbeatConfig(
        f.bool("enabled").orElse(true), interval, f.duration("window").orElse(d.window()), schema);
  }

  private static ConsistencyConfig consistency(YamlNode node, String path, List<Problem> problems) {
    Fields f = Fields.of(node, path, CONSISTENCY, problems);
    ConsistencyConfig d = ConsistencyConfig.DEFAULTS;
    if (f == null) {
      return d;
    }
    return new ConsistencyConfig(
        f.bool("enabled").orElse(true),
        tableNames(f, "tables"),
        tableNames(f, "exclude"),
        f.integer("chunkRows", 100, 10_000_000).orElse(d.chunkRows()),
        f.integer("maxQps", 0, 100_000).orElse(d.maxQps()),
        f.integer("smallTableRows", 0, 100_000_000)
            .map(Integer::longValue)
            .orElse(d.smallTableRows()),
        f.duration("lockWaitTimeout").orElse(d.lockWaitTimeout()));
  }

  private static List<String> tableNames(Fields f, String key) {
    List<String> names = f.strings(key);
    for (String name : names) {
      if (!TABLE_NAME.matcher(name).matches()) {
        f.problem(
            f.keyLocation(key),
            "'" + f.name(key) + "': expected schema.table or schema.*, found '" + name + "'");
      }
    }
    return names.stream().filter(n -> TABLE_NAME.matcher(n).matches()).toList();
  }

  private static BackupConfig backup(
      YamlNode node, String path, Path baseDir, List<Problem> problems) {
    Fields f = Fields.of(node, path, BACKUP, problems);
    if (f == null) {
      return null;
    }
    String directory = f.requiredString("directory");
    String on = f.string("node").orElse("replica");
    if (!on.equals("primary") && !on.equals("replica")) {
      f.problem(
          f.keyLocation("node"),
          "'" + f.name("node") + "': expected primary or replica, found '" + on + "'");
    }
    return directory == null
        ? null
        : new BackupConfig(
            on,
            f.string("command").orElse(null),
            resolve(baseDir, directory),
            f.string("tool").orElse("mariadb-backup"),
            tableNames(f, "verifyTables"),
            f.duration("timeout").orElse(Duration.ofHours(2)));
  }

  private static Path resolve(Path baseDir, String path) {
    String expanded =
        path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
    Path p = Path.of(expanded);
    return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p).normalize();
  }
}
