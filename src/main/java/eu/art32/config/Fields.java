package eu.art32.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reads from one YAML mapping. Every wrong key, missing key or wrong type becomes a {@link
 * Problem} at its line and column; reads go on so that all problems are found in one pass.
 */
public final class Fields {
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");

  private final YamlNode.Mapping mapping;
  private final String path;
  private final List<Problem> problems;
  // true when a schema has checked keys, types and bounds: reads then add no problems of their own
  private final boolean shaped;

  private Fields(YamlNode.Mapping mapping, String path, List<Problem> problems, boolean shaped) {
    this.mapping = mapping;
    this.path = path;
    this.problems = problems;
    this.shaped = shaped;
  }

  /**
   * Fields of a mapping whose keys, types and bounds {@link SchemaCheck} has already checked (and
   * reported): reads return empty for a value of the wrong shape and add no second problem. Null
   * when {@code node} is not a mapping.
   */
  public static Fields shaped(YamlNode node, String path, List<Problem> problems) {
    return node instanceof YamlNode.Mapping mapping
        ? new Fields(mapping, path, problems, true)
        : null;
  }

  /** Fields of {@code node}, or null with a problem when it is not a mapping. */
  public static Fields of(YamlNode node, String path, Set<String> allowed, List<Problem> problems) {
    if (!(node instanceof YamlNode.Mapping mapping)) {
      problems.add(
          new Problem(node.location(), path + ": expected a mapping, found " + node.kind()));
      return null;
    }
    Fields fields = new Fields(mapping, path, problems, false);
    for (YamlNode.Entry entry : mapping.entries().values()) {
      if (!allowed.contains(entry.key())) {
        problems.add(
            new Problem(
                entry.keyLocation(),
                "unknown key '"
                    + fields.name(entry.key())
                    + "'"
                    + suggestion(entry.key(), allowed)));
      }
    }
    return fields;
  }

  public Location location() {
    return mapping.location();
  }

  public String name(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  public Optional<YamlNode> node(String key) {
    YamlNode.Entry entry = mapping.entries().get(key);
    if (entry == null || entry.value() instanceof YamlNode.Scalar s && s.isNull()) {
      return Optional.empty();
    }
    return Optional.of(entry.value());
  }

  public Location keyLocation(String key) {
    YamlNode.Entry entry = mapping.entries().get(key);
    return entry == null ? mapping.location() : entry.keyLocation();
  }

  /** A problem with a value's shape, unless a schema has reported it already. */
  private void shape(Problem problem) {
    if (!shaped) {
      problems.add(problem);
    }
  }

  public void problem(Location location, String message) {
    problems.add(new Problem(location, message));
  }

  public String requiredString(String key) {
    Optional<String> value = string(key);
    if (shaped) {
      return value.orElse(null);
    }
    if (value.isEmpty() && mapping.entries().get(key) == null) {
      problems.add(new Problem(mapping.location(), "missing key '" + name(key) + "'"));
    } else if (value.isEmpty()) {
      problems.add(new Problem(keyLocation(key), "'" + name(key) + "' needs a value"));
    }
    return value.orElse(null);
  }

  public Optional<String> string(String key) {
    return node(key).flatMap(n -> scalar(key, n));
  }

  /** A whole number whose bounds the schema holds. */
  public Optional<Integer> integer(String key) {
    return integer(key, Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  public Optional<Integer> integer(String key, int min, int max) {
    return node(key)
        .flatMap(n -> scalar(key, n).flatMap(text -> parseInt(key, n.location(), text, min, max)));
  }

  public Optional<Boolean> bool(String key) {
    return node(key)
        .flatMap(
            n ->
                scalar(key, n)
                    .flatMap(
                        text ->
                            switch (text.trim().toLowerCase(Locale.ROOT)) {
                              case "true", "yes", "on" -> Optional.of(true);
                              case "false", "no", "off" -> Optional.of(false);
                              default -> {
                                shape(
                                    new Problem(
                                        n.location(),
                                        "'"
                                            + name(key)
                                            + "': expected true or false, found '"
                                            + text
                                            + "'"));
                                yield Optional.empty();
                              }
                            }));
  }

  public Optional<Duration> duration(String key) {
    return node(key).flatMap(n -> scalar(key, n).flatMap(text -> parseDuration(key, n, text)));
  }

  public <E extends Enum<E>> Optional<E> enumValue(String key, Class<E> type) {
    return node(key).flatMap(n -> scalar(key, n).flatMap(text -> parseEnum(key, n, text, type)));
  }

  public List<String> strings(String key) {
    Optional<YamlNode> node = node(key);
    if (node.isEmpty()) {
      return List.of();
    }
    List<String> values = new ArrayList<>();
    for (YamlNode item : items(key, node.get())) {
      scalar(key, item).ifPresent(values::add);
    }
    return values;
  }

  /** Binds each item of a list with {@code binder}; items that fail binding are skipped. */
  public <T> List<T> list(String key, Function<YamlNode, T> binder) {
    Optional<YamlNode> node = node(key);
    if (node.isEmpty()) {
      return List.of();
    }
    List<T> values = new ArrayList<>();
    for (YamlNode item : items(key, node.get())) {
      T value = binder.apply(item);
      if (value != null) {
        values.add(value);
      }
    }
    return values;
  }

  private List<YamlNode> items(String key, YamlNode node) {
    if (node instanceof YamlNode.Sequence sequence) {
      return sequence.items();
    }
    shape(
        new Problem(node.location(), "'" + name(key) + "': expected a list, found " + node.kind()));
    return List.of();
  }

  private Optional<String> scalar(String key, YamlNode node) {
    if (node instanceof YamlNode.Scalar scalar) {
      return Optional.ofNullable(scalar.text());
    }
    shape(
        new Problem(
            node.location(), "'" + name(key) + "': expected a single value, found " + node.kind()));
    return Optional.empty();
  }

  private Optional<Integer> parseInt(String key, Location at, String text, int min, int max) {
    try {
      int value = Integer.parseInt(text.trim());
      if (value < min || value > max) {
        shape(new Problem(at, "'" + name(key) + "': " + value + " is outside " + min + ".." + max));
        return Optional.empty();
      }
      return Optional.of(value);
    } catch (NumberFormatException e) {
      shape(new Problem(at, "'" + name(key) + "': expected a whole number, found '" + text + "'"));
      return Optional.empty();
    }
  }

  private Optional<Duration> parseDuration(String key, YamlNode node, String text) {
    Optional<Duration> parsed = parseDuration(text);
    if (parsed.isEmpty()) {
      shape(
          new Problem(
              node.location(),
              "'"
                  + name(key)
                  + "': expected a duration such as 500ms, 30s, 5m or 1h, found '"
                  + text
                  + "'"));
    }
    return parsed;
  }

  /** Parses {@code 500ms}, {@code 30s}, {@code 1.5s}, {@code 5m}, {@code 2h}, {@code 1d}. */
  public static Optional<Duration> parseDuration(String text) {
    Matcher matcher = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      return Optional.empty();
    }
    double amount = Double.parseDouble(matcher.group(1));
    long unitMillis =
        switch (matcher.group(2)) {
          case "ms" -> 1L;
          case "s" -> 1_000L;
          case "m" -> 60_000L;
          case "h" -> 3_600_000L;
          default -> 86_400_000L;
        };
    return Optional.of(Duration.ofMillis(Math.round(amount * unitMillis)));
  }

  private <E extends Enum<E>> Optional<E> parseEnum(
      String key, YamlNode node, String text, Class<E> type) {
    List<String> names = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      String spelled = spelling(constant);
      names.add(spelled);
      if (spelled.equalsIgnoreCase(text.trim())) {
        return Optional.of(constant);
      }
    }
    shape(
        new Problem(
            node.location(),
            "'"
                + name(key)
                + "': expected one of "
                + String.join(", ", names)
                + ", found '"
                + text
                + "'"));
    return Optional.empty();
  }

  /** How an enum constant is written in YAML: {@code VERIFY_CA} is {@code verify-ca}. */
  public static String spelling(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static String suggestion(String key, Set<String> allowed) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : allowed) {
      int distance = distance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        bestDistance = distance;
        best = candidate;
      }
    }
    String expected = "; expected one of " + String.join(", ", allowed.stream().sorted().toList());
    return best != null && bestDistance <= 2 ? " (did you mean '" + best + "'?)" : expected;
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
