package eu.art32.rules;

import eu.art32.config.ConfigException;
import eu.art32.config.Fields;
import eu.art32.config.Location;
import eu.art32.config.Objectives;
import eu.art32.config.Problem;
import eu.art32.config.YamlNode;
import eu.art32.config.YamlReader;
import eu.art32.evidence.Area;
import eu.art32.evidence.Reference;
import eu.art32.evidence.Severity;
import eu.art32.topology.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The rule set art32 judges with: replication rules, legal references, default objectives and the
 * objective areas. Loaded from rules/ (packaged, or a directory given with --rules); every problem
 * in those files is reported with file:line:column, like config problems.
 */
public record RuleBook(
    String version,
    List<Rule> rules,
    Map<String, Reference> references,
    Objectives defaults,
    List<Area> areas,
    ResidencyRules residency,
    MirrorRules mirror,
    HostsRules hosts) {
  /** The areas art32 checks, each listed in rules/objectives.yaml with its title and references. */
  public static final List<String> AREAS =
      List.of(
          "replication",
          "rpo",
          "rto",
          "drill",
          "residency",
          "path",
          "hosts",
          "latency",
          "mirror",
          "lag",
          "semisync",
          "consistency",
          "backups");

  private static final Set<String> RULE_KEYS =
      Set.of(
          "id",
          "title",
          "severity",
          "check",
          "flavors",
          "nodes",
          "variable",
          "expected",
          "failAs",
          "rationale",
          "remediation",
          "references");

  public RuleBook {
    rules = List.copyOf(rules);
    references = Map.copyOf(references);
    areas = List.copyOf(areas);
  }

  public static RuleBook load(Resources source) {
    List<Problem> problems = new ArrayList<>();
    Map<String, Reference> references = references(source, problems);
    String version = null;
    Objectives defaults = null;
    List<Area> areas = List.of();
    YamlNode objectivesRoot = read(source, "objectives.yaml", problems);
    Fields objectives =
        objectivesRoot == null
            ? null
            : Fields.of(objectivesRoot, "", Set.of("version", "defaults", "areas"), problems);
    if (objectives != null) {
      defaults = objectives.node("defaults").map(n -> defaults(n, problems)).orElse(null);
      if (defaults == null) {
        problems.add(new Problem(objectives.location(), "missing key 'defaults'"));
      }
      areas = objectives.list("areas", n -> area(n, references, problems));
      List<String> listed = areas.stream().filter(Objects::nonNull).map(Area::id).toList();
      List<String> missing = AREAS.stream().filter(id -> !listed.contains(id)).toList();
      if (!missing.isEmpty()) {
        problems.add(
            new Problem(
                objectives.keyLocation("areas"),
                "'areas': missing area(s) "
                    + String.join(", ", missing)
                    + " (every area art32 checks is listed)"));
      }
    }
    List<Rule> rules = List.of();
    YamlNode replicationRoot = read(source, "replication.yaml", problems);
    Fields replication =
        replicationRoot == null
            ? null
            : Fields.of(replicationRoot, "", Set.of("version", "rules"), problems);
    if (replication != null) {
      version = replication.string("version").orElse("unversioned");
      rules = replication.list("rules", n -> rule(n, references, problems));
    }
    YamlNode residencyRoot = read(source, "residency.yaml", problems);
    ResidencyRules residency =
        residencyRoot == null ? null : ResidencyRulesReader.read(residencyRoot, problems);
    YamlNode mirrorRoot = read(source, "mirror.yaml", problems);
    MirrorRules mirror = mirrorRoot == null ? null : MirrorRules.read(mirrorRoot, problems);
    YamlNode hostsRoot = read(source, "hosts.yaml", problems);
    HostsRules hosts = hostsRoot == null ? null : HostsRules.read(hostsRoot, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new RuleBook(version, rules, references, defaults, areas, residency, mirror, hosts);
  }

  private static YamlNode read(Resources source, String name, List<Problem> problems) {
    return YamlReader.read(source.describe(name), source.read(name), problems);
  }

  private static Map<String, Reference> references(Resources source, List<Problem> problems) {
    Map<String, Reference> references = new LinkedHashMap<>();
    YamlNode root = read(source, "article32.yaml", problems);
    Fields top =
        root == null ? null : Fields.of(root, "", Set.of("version", "references"), problems);
    if (top == null || !(top.node("references").orElse(null) instanceof YamlNode.Mapping mapping)) {
      if (top != null) {
        problems.add(
            new Problem(top.location(), "'references' must be a mapping of id -> citation, text"));
      }
      return references;
    }
    for (YamlNode.Entry entry : mapping.entries().values()) {
      Fields f =
          Fields.of(
              entry.value(), "references." + entry.key(), Set.of("citation", "text"), problems);
      if (f != null) {
        String citation = f.requiredString("citation");
        String text = f.requiredString("text");
        if (citation != null && text != null) {
          references.put(entry.key(), new Reference(entry.key(), citation, text));
        }
      }
    }
    return references;
  }

  private static Objectives defaults(YamlNode node, List<Problem> problems) {
    Fields f = Fields.of(node, "defaults", Objectives.KEYS, problems);
    if (f == null) {
      return null;
    }
    Duration rpo = f.duration("rpo").orElse(Duration.ofSeconds(1));
    Duration rto = f.duration("rto").orElse(Duration.ofMinutes(5));
    Duration latency = f.duration("latency").orElse(Duration.ofMillis(5));
    int percentile = f.integer("latencyPercentile", 50, 100).orElse(95);
    return new Objectives(
        rpo,
        rto,
        latency,
        percentile,
        f.duration("lag").orElse(Duration.ofSeconds(1)),
        f.duration("backupAge").orElse(Duration.ofHours(24)),
        f.duration("restoreRto").orElse(Duration.ofHours(1)),
        f.duration("drillInterval").orElse(Duration.ofDays(92)));
  }

  private static Area area(YamlNode node, Map<String, Reference> known, List<Problem> problems) {
    Fields f = Fields.of(node, "areas[]", Set.of("id", "title", "section", "references"), problems);
    if (f == null) {
      return null;
    }
    String id = f.requiredString("id");
    if (id != null && !AREAS.contains(id)) {
      f.problem(
          f.keyLocation("id"),
          "'areas[].id': unknown area '" + id + "'; art32 checks " + String.join(", ", AREAS));
      return null;
    }
    String title = f.requiredString("title");
    String section = f.string("section").orElse("b");
    if (!Set.of("b", "c", "d", "v").contains(section)) {
      f.problem(
          f.keyLocation("section"),
          "'areas[].section': expected b, c, d (Art. 32(1)(b)-(d)) or v (Chapter V), found '"
              + section
              + "'");
    }
    List<Reference> references = resolve(f, known);
    return id == null || title == null ? null : new Area(id, title, section, references);
  }

  private static Rule rule(YamlNode node, Map<String, Reference> known, List<Problem> problems) {
    Fields f = Fields.of(node, "rules[]", RULE_KEYS, problems);
    if (f == null) {
      return null;
    }
    String id = f.requiredString("id");
    String title = f.requiredString("title");
    Severity severity = f.enumValue("severity", Severity.class).orElse(null);
    Rule.Check check = f.enumValue("check", Rule.Check.class).orElse(null);
    if (f.node("severity").isEmpty()) {
      f.problem(f.location(), "rule " + id + ": missing key 'severity'");
    }
    if (f.node("check").isEmpty()) {
      f.problem(f.location(), "rule " + id + ": missing key 'check'");
    }
    Set<Role> nodes = EnumSet.noneOf(Role.class);
    for (String name : f.strings("nodes")) {
      try {
        nodes.add(Role.valueOf(name.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        f.problem(
            f.keyLocation("nodes"),
            "rule " + id + ": unknown node '" + name + "' (primary or replica)");
      }
    }
    if (nodes.isEmpty()) {
      nodes = EnumSet.allOf(Role.class);
    }
    List<String> variables = f.strings("variable");
    List<String> expected = f.strings("expected");
    if (check == Rule.Check.VARIABLE && (variables.isEmpty() || expected.isEmpty())) {
      f.problem(f.location(), "rule " + id + ": check 'variable' needs 'variable' and 'expected'");
    }
    String failAs = f.string("failAs").orElse("fail");
    if (!failAs.equals("fail") && !failAs.equals("warn")) {
      f.problem(
          f.keyLocation("failAs"),
          "rule " + id + ": 'failAs' is fail or warn, found '" + failAs + "'");
    }
    List<Reference> references = resolve(f, known);
    if (id == null || title == null || severity == null || check == null) {
      return null;
    }
    return new Rule(
        id,
        title,
        severity,
        check,
        Set.copyOf(f.strings("flavors")),
        nodes,
        variables,
        expected,
        failAs.equals("warn"),
        f.string("rationale").orElse(""),
        f.string("remediation").orElse(""),
        references);
  }

  private static List<Reference> resolve(Fields f, Map<String, Reference> known) {
    List<Reference> references = new ArrayList<>();
    for (String id : f.strings("references")) {
      Reference reference = known.get(id);
      if (reference == null) {
        Location at = f.keyLocation("references");
        f.problem(at, "unknown reference '" + id + "' (not in article32.yaml)");
      } else {
        references.add(reference);
      }
    }
    return references;
  }

  /** The area of that id; every area art32 checks is in the rules (checked when they load). */
  public Area area(String id) {
    return areas.stream()
        .filter(a -> a.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no area '" + id + "' in the rules"));
  }
}
