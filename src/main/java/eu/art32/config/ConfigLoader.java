package eu.art32.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads and validates art32.yaml before any server is touched. Every problem found (unknown keys,
 * wrong types, missing secrets, duplicate names) is collected and thrown together.
 */
public final class ConfigLoader {
  private static final Pattern ENV_REF = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");
  private static final Pattern TABLE_NAME =
      Pattern.compile("[A-Za-z0-9_$]+\\.(\\*|[A-Za-z0-9_$]+)");

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
    if (root != null) {
      // keys, types and bounds: the published schema is the one place they are defined
      ConfigSchema.check().check(root, problems);
    }
    Art32Config config = root == null ? null : bind(file, root, problems);
    if (!problems.isEmpty()) {
      // in the order of the file, whichever check found them
      problems.sort(
          Comparator.comparing((Problem p) -> p.location().line())
              .thenComparing(p -> p.location().column()));
      throw new ConfigException(problems);
    }
    return config;
  }

  private Art32Config bind(Path file, YamlNode root, List<Problem> problems) {
    Fields top = Fields.shaped(root, "", problems);
    if (top == null) {
      return null;
    }
    String operator = top.string("operator").orElse(null);
    Path baseDir = file.toAbsolutePath().getParent();
    List<PairConfig> pairs = top.list("pairs", node -> pair(node, baseDir, problems));
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
    Controller controller =
        top.node("controller")
            .flatMap(
                n ->
                    Binding.over(
                        Controller.NONE,
                        ConfigSchema.check().json(n, "controller"),
                        Controller.class))
            .orElse(null);
    return new Art32Config(file, operator, geoip, evidence, pairs, controller);
  }

  /** A pair name: safe as a file name on every system, short enough for every path. */
  static final Pattern PAIR_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private PairConfig pair(YamlNode node, Path baseDir, List<Problem> problems) {
    String shown = nameOf(node).orElse("?");
    if (shown.length() > 40 || !PAIR_NAME.matcher(shown).matches() && !shown.equals("?")) {
      shown = "line " + node.location().line();
    }
    String path = "pairs[" + shown + "]";
    Fields f = Fields.shaped(node, path, problems);
    if (f == null) {
      return null;
    }
    String name = f.requiredString("name");
    if (name != null && !PAIR_NAME.matcher(name).matches()) {
      name = null;
    }
    Environment environment = f.enumValue("environment", Environment.class).orElse(null);
    List<String> tags = f.strings("tags");
    NodeConfig primary = requiredNode(path, f, "primary", baseDir, problems);
    NodeConfig replica = requiredNode(path, f, "replica", baseDir, problems);
    Objectives objectives = f.node("objectives").map(this::objectives).orElse(defaults);
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
  private static Optional<String> nameOf(YamlNode node) {
    if (node instanceof YamlNode.Mapping m
        && m.entries().get("name") != null
        && m.entries().get("name").value() instanceof YamlNode.Scalar s
        && s.text() != null) {
      return Optional.of(s.text());
    }
    return Optional.empty();
  }

  private NodeConfig requiredNode(
      String path, Fields f, String key, Path baseDir, List<Problem> problems) {
    if (f.node(key).isEmpty()) {
      return null;
    }
    return node(f.node(key).get(), path + "." + key, baseDir, problems);
  }

  private NodeConfig node(YamlNode node, String path, Path baseDir, List<Problem> problems) {
    Fields f = Fields.shaped(node, path, problems);
    if (f == null) {
      return null;
    }
    String host = f.requiredString("host");
    int port = f.integer("port").orElse(3306);
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
    Site site = f.node("site").map(ConfigLoader::site).orElse(Site.UNDECLARED);
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
        return null; // the schema check said why, without the value
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

  private static Site site(YamlNode node) {
    Site site =
        Binding.over(
                Site.UNDECLARED,
                ConfigSchema.check().json(node, "pairs", "[]", "primary", "site"),
                Site.class)
            .orElse(Site.UNDECLARED);
    return site.country() == null
        ? site
        : new Site(
            site.country().toUpperCase(Locale.ROOT),
            site.city(),
            site.provider(),
            site.facility(),
            site.publicIp());
  }

  private Objectives objectives(YamlNode node) {
    return Binding.over(
            defaults,
            ConfigSchema.check().json(node, "pairs", "[]", "objectives"),
            Objectives.class)
        .orElse(defaults);
  }

  private static MirrorConfig mirror(
      YamlNode node, String path, Path baseDir, List<Problem> problems) {
    Fields f = Fields.shaped(node, path, problems);
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
    Fields f = Fields.shaped(node, path, problems);
    if (f == null) {
      return null;
    }
    String name = f.requiredString("name");
    boolean sql = f.string("sql").isPresent();
    boolean command = f.string("command").isPresent();
    if (sql == command) {
      return null; // the schema check said: exactly one of them
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
    Fields f = Fields.shaped(node, "evidence", problems);
    if (f == null) {
      return null;
    }
    Path key = f.string("signingKey").map(p -> resolve(baseDir, p)).orElse(null);
    Path pub = f.string("signingPublicKey").map(p -> resolve(baseDir, p)).orElse(null);
    URI tsa = null;
    // the schema checks the scheme; what it cannot say is whether the rest is a URL
    Optional<String> url = f.string("timestampAuthority").filter(u -> u.matches("https?://.*"));
    if (url.isPresent()) {
      try {
        tsa = new URI(url.get());
      } catch (URISyntaxException e) {
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
    Fields f = Fields.shaped(node, "geoip", problems);
    if (f == null) {
      return null;
    }
    return new GeoIpConfig(
        f.string("database").map(p -> resolve(baseDir, p)).orElse(null),
        f.string("asnDatabase").map(p -> resolve(baseDir, p)).orElse(null));
  }

  private static PairChecks checks(Fields pair, String path, Path baseDir, List<Problem> problems) {
    HeartbeatConfig heartbeat =
        pair.node("heartbeat")
            .map(n -> heartbeat(n, path + ".heartbeat", problems))
            .orElse(HeartbeatConfig.DEFAULTS);
    ConsistencyConfig consistency =
        pair.node("consistency").map(ConfigLoader::consistency).orElse(ConsistencyConfig.DEFAULTS);
    BackupConfig backup =
        pair.node("backup").map(n -> backup(n, path + ".backup", baseDir, problems)).orElse(null);
    Map<String, Object> areas = new LinkedHashMap<>();
    for (AreaSettings<?> section : AreaSettings.all()) {
      pair.node(section.key())
          .map(n -> Fields.shaped(n, path + "." + section.key(), problems))
          .ifPresent(f -> areas.put(section.key(), section.read(f, baseDir)));
    }
    return new PairChecks(heartbeat, consistency, backup, areas);
  }

  private static HeartbeatConfig heartbeat(YamlNode node, String path, List<Problem> problems) {
    HeartbeatConfig d = HeartbeatConfig.DEFAULTS;
    HeartbeatConfig bound =
        Binding.over(
                d,
                ConfigSchema.check().json(node, "pairs", "[]", "heartbeat"),
                HeartbeatConfig.class)
            .orElse(d);
    if (bound.interval().toMillis() < 10) {
      Fields f = Fields.shaped(node, path, problems);
      f.problem(f.keyLocation("interval"), "'" + f.name("interval") + "' must be at least 10ms");
      return new HeartbeatConfig(bound.enabled(), d.interval(), bound.window(), bound.schema());
    }
    return bound;
  }

  private static ConsistencyConfig consistency(YamlNode node) {
    ConsistencyConfig d = ConsistencyConfig.DEFAULTS;
    ConsistencyConfig bound =
        Binding.over(
                d,
                ConfigSchema.check().json(node, "pairs", "[]", "consistency"),
                ConsistencyConfig.class)
            .orElse(d);
    return new ConsistencyConfig(
        bound.enabled(),
        tableNames(bound.tables()),
        tableNames(bound.exclude()),
        bound.chunkRows(),
        bound.maxQps(),
        bound.smallTableRows(),
        bound.lockWaitTimeout(),
        bound.chunkTime());
  }

  /** The names in the form schema.table or schema.*; the schema check reports the others. */
  private static List<String> tableNames(List<String> names) {
    return names.stream().filter(n -> TABLE_NAME.matcher(n).matches()).toList();
  }

  private static List<String> tableNames(Fields f, String key) {
    return tableNames(f.strings(key));
  }

  private static BackupConfig backup(
      YamlNode node, String path, Path baseDir, List<Problem> problems) {
    Fields f = Fields.shaped(node, path, problems);
    if (f == null) {
      return null;
    }
    String directory = f.requiredString("directory");
    String on = f.string("node").orElse("replica");
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
