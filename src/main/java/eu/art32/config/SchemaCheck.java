package eu.art32.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks a YAML tree against a JSON Schema (draft 2020-12) and words every violation the way a
 * person fixes it, at its line and column: unknown keys with "did you mean", missing keys, wrong
 * types, values out of bounds, not one of the allowed words, not in the expected form. The schema
 * is the one place keys, types and bounds are defined; code that binds the tree afterwards reads
 * values already known to have the right shape.
 *
 * <p>Scalars are typed as the schema expects them before validation, as YAML would for that key:
 * {@code port: "3306"} is the number 3306, {@code enabled: yes} is true, {@code tls: REQUIRED} is
 * {@code required}. A string property may carry {@code x-expected}, the words that complete
 * "expected ..." when its pattern or length does not match; {@code writeOnly: true} marks a value
 * that is never echoed in a message.
 */
public final class SchemaCheck {
  private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,18}");
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V202012,
          builder ->
              builder.metaSchema(
                  JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                      .keyword(new NonValidationKeyword("x-expected"))
                      .keyword(new NonValidationKeyword("x-min"))
                      .keyword(new NonValidationKeyword("x-max"))
                      .build()));

  private final JsonNode schema;
  private final JsonSchema compiled;

  public SchemaCheck(JsonNode schema) {
    this.schema = schema;
    this.compiled = FACTORY.getSchema(schema);
  }

  /** The tree typed for the schema, with where each value and each key stood. */
  public record Typed(
      JsonNode json, Map<List<Object>, Location> values, Map<List<Object>, Location> keys) {}

  /** Adds a problem for every way {@code root} violates the schema; returns the typed tree. */
  public Typed check(YamlNode root, List<Problem> problems) {
    Typed typed = type(root);
    List<ValidationMessage> messages = new ArrayList<>(compiled.validate(typed.json()));
    // the order of the file, not of the validator
    messages.sort(
        Comparator.comparing(
            (ValidationMessage m) -> at(typed, m),
            Comparator.comparing(Location::line).thenComparing(Location::column)));
    Set<String> said = new HashSet<>();
    for (ValidationMessage m : messages) {
      if (!m.getType().equals("oneOf") && m.getEvaluationPath().contains("oneOf")) {
        continue; // why each alternative failed: the oneOf problem says what to do
      }
      Problem problem = problem(typed, m);
      if (problem != null && said.add(problem.toString())) {
        problems.add(problem);
      }
    }
    durations(typed, typed.json(), schema, new ArrayList<>(), problems);
    return typed;
  }

  /** No duration anywhere in a config may be longer: a larger one is a typo or an overflow. */
  static final Duration LONGEST = Duration.ofDays(3650);

  /**
   * Every duration within its bounds: {@code x-min} and {@code x-max} beside the {@code $ref} of a
   * property (e.g. {@code drill.timeout} from 1s to 24h), and at most {@link #LONGEST} everywhere,
   * so that no wait becomes zero, endless or overflows; the problem at the value with the bound.
   */
  private void durations(
      Typed typed, JsonNode value, JsonNode at, List<Object> path, List<Problem> problems) {
    JsonNode type = resolve(at);
    if (value.isObject()) {
      value
          .fields()
          .forEachRemaining(
              e -> {
                path.add(e.getKey());
                durations(
                    typed, e.getValue(), type.path("properties").path(e.getKey()), path, problems);
                path.remove(path.size() - 1);
              });
    } else if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        path.add(i);
        durations(typed, value.get(i), type.path("items"), path, problems);
        path.remove(path.size() - 1);
      }
    } else if (value.isTextual() && type == resolve(schema.at("/$defs/duration"))) {
      Optional<Duration> parsed = Fields.parseDuration(value.asText());
      if (parsed.isEmpty()) {
        return; // its form was said already
      }
      String least = at.path("x-min").asText(null);
      String most = at.path("x-max").asText(null);
      Duration d = parsed.get();
      String bound = null;
      if (least != null && d.compareTo(Fields.parseDuration(least).orElseThrow()) < 0) {
        bound = " is below the least allowed, " + least;
      } else if (most != null && d.compareTo(Fields.parseDuration(most).orElseThrow()) > 0) {
        bound = " is above the most allowed, " + most;
      } else if (d.compareTo(LONGEST) > 0) {
        bound = " is above the most any duration may be, " + LONGEST.toDays() + "d";
      }
      if (bound != null) {
        problems.add(
            new Problem(
                typed.values().getOrDefault(List.copyOf(path), new Location("?", 1, 1)),
                "'" + name(typed, path) + "': " + value.asText().trim() + bound));
      }
    }
  }

  /**
   * One part of a file as JSON typed by the schema at {@code schemaPath} (property names, {@code
   * []} for a list's items), for binding with Jackson once {@link #check} has passed it.
   */
  public JsonNode json(YamlNode node, String... schemaPath) {
    JsonNode type = resolve(schema);
    for (String step : schemaPath) {
      type = resolve(step.equals("[]") ? type.path("items") : type.path("properties").path(step));
    }
    return toJson(node, type, new ArrayList<>(), new HashMap<>(), new HashMap<>());
  }

  /** The tree as JSON, each scalar typed as the schema expects it at that place. */
  public Typed type(YamlNode root) {
    Map<List<Object>, Location> values = new HashMap<>();
    Map<List<Object>, Location> keys = new HashMap<>();
    JsonNode json = toJson(root, resolve(schema), new ArrayList<>(), values, keys);
    return new Typed(json, values, keys);
  }

  private JsonNode toJson(
      YamlNode node,
      JsonNode type,
      List<Object> path,
      Map<List<Object>, Location> values,
      Map<List<Object>, Location> keys) {
    values.put(List.copyOf(path), node.location());
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (node) {
      case YamlNode.Mapping mapping -> {
        ObjectNode object = f.objectNode();
        for (YamlNode.Entry entry : mapping.entries().values()) {
          path.add(entry.key());
          keys.put(List.copyOf(path), entry.keyLocation());
          object.set(
              entry.key(),
              toJson(
                  entry.value(),
                  resolve(type.path("properties").path(entry.key())),
                  path,
                  values,
                  keys));
          path.remove(path.size() - 1);
        }
        yield object;
      }
      case YamlNode.Sequence sequence -> {
        ArrayNode array = f.arrayNode();
        JsonNode items = resolve(type.path("items"));
        for (int i = 0; i < sequence.items().size(); i++) {
          path.add(i);
          array.add(toJson(sequence.items().get(i), items, path, values, keys));
          path.remove(path.size() - 1);
        }
        yield array;
      }
      case YamlNode.Scalar scalar -> scalar(scalar, type);
    };
  }

  private static JsonNode scalar(YamlNode.Scalar scalar, JsonNode type) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (scalar.isNull()) {
      return f.nullNode();
    }
    String text = scalar.text();
    String trimmed = text.trim();
    String expected = type.path("type").asText("");
    boolean numeric = expected.equals("integer") || type.path("const").isNumber();
    if (numeric && INTEGER.matcher(trimmed).matches()) {
      return f.numberNode(Long.parseLong(trimmed));
    }
    if (expected.equals("boolean")) {
      switch (trimmed.toLowerCase(Locale.ROOT)) {
        case "true", "yes", "on" -> {
          return f.booleanNode(true);
        }
        case "false", "no", "off" -> {
          return f.booleanNode(false);
        }
        default -> {}
      }
    }
    for (JsonNode allowed : type.path("enum")) {
      if (allowed.asText().equalsIgnoreCase(trimmed)) {
        return allowed;
      }
    }
    return f.textNode(text);
  }

  private Problem problem(Typed typed, ValidationMessage m) {
    List<Object> path = elements(m.getInstanceLocation());
    JsonNode at = schemaAt(path);
    String name = name(typed, path);
    Location where = at(typed, m);
    JsonNode value = typed.json().at(pointer(path));
    return switch (m.getType()) {
      case "additionalProperties" -> {
        String key = m.getProperty();
        List<Object> keyPath = new ArrayList<>(path);
        keyPath.add(key);
        Set<String> allowed = new TreeSet<>();
        at.path("properties").fieldNames().forEachRemaining(allowed::add);
        yield new Problem(
            typed.keys().getOrDefault(keyPath, where),
            "unknown key '" + join(name, key) + "'" + Fields.suggestion(key, allowed));
      }
      case "required" -> new Problem(where, "missing key '" + join(name, m.getProperty()) + "'");
      case "dependentRequired" -> {
        Set<String> together = new TreeSet<>();
        at.path("dependentRequired")
            .fields()
            .forEachRemaining(
                e -> {
                  together.add(e.getKey());
                  e.getValue().forEach(v -> together.add(v.asText()));
                });
        yield new Problem(
            where, "'" + name + "': " + String.join(" and ", together) + " go together");
      }
      case "oneOf" -> {
        List<String> one = new ArrayList<>();
        at.path("oneOf")
            .forEach(o -> o.path("required").forEach(r -> one.add("'" + r.asText() + "'")));
        yield new Problem(where, "'" + name + "' needs exactly one of " + or(one));
      }
      case "type" ->
          new Problem(
              where, "'" + name + "': expected " + kind(at) + ", found " + found(value, at));
      case "minimum", "maximum" -> {
        boolean both = at.has("minimum") && at.has("maximum");
        yield new Problem(
            where,
            "'"
                + name
                + "': "
                + value.asText()
                + (both
                    ? " is outside "
                        + at.get("minimum").asText()
                        + ".."
                        + at.get("maximum").asText()
                    : m.getType().equals("minimum")
                        ? " is below the least allowed, " + at.get("minimum").asText()
                        : " is above the most allowed, " + at.get("maximum").asText()));
      }
      case "enum" -> {
        List<String> allowed = new ArrayList<>();
        at.path("enum").forEach(v -> allowed.add(v.asText()));
        yield new Problem(
            where,
            "'"
                + name
                + "': expected one of "
                + String.join(", ", allowed)
                + ", found "
                + found(value, at));
      }
      case "const" ->
          new Problem(
              where,
              "'"
                  + name
                  + "': expected "
                  + at.get("const").asText()
                  + ", found "
                  + found(value, at));
      case "minItems" ->
          new Problem(
              where,
              "'"
                  + name
                  + "': list at least "
                  + at.get("minItems").asText()
                  + (at.has("x-expected") ? " " + at.get("x-expected").asText() : " item"));
      case "pattern", "minLength", "maxLength", "format" ->
          new Problem(
              where,
              "'"
                  + name
                  + "': expected "
                  + (at.has("x-expected")
                      ? at.get("x-expected").asText()
                      : "text matching " + at.path("pattern").asText(".+"))
                  + (at.path("writeOnly").asBoolean() ? "" : ", found " + found(value, at)));
      default ->
          new Problem(where, "'" + name + "': " + m.getMessage().replaceFirst("^\\$[^:]*: ", ""));
    };
  }

  private static String found(JsonNode value, JsonNode at) {
    if (value.isObject()) {
      return "a mapping";
    }
    if (value.isArray()) {
      return "a list";
    }
    if (value.isNull() || value.isMissingNode()) {
      return "nothing";
    }
    String text = value.asText();
    return text.length() > 40 ? "a value of " + text.length() + " characters" : "'" + text + "'";
  }

  private static String kind(JsonNode at) {
    return switch (at.path("type").asText("")) {
      case "integer" -> "a whole number";
      case "boolean" -> "true or false";
      case "object" -> "a mapping";
      case "array" -> "a list";
      case "string" -> at.has("x-expected") ? at.get("x-expected").asText() : "a single value";
      default -> "a value";
    };
  }

  private static String or(List<String> words) {
    if (words.size() < 2) {
      return String.join("", words);
    }
    return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.getLast();
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static Location at(Typed typed, ValidationMessage m) {
    List<Object> path = elements(m.getInstanceLocation());
    while (!path.isEmpty() && !typed.values().containsKey(path)) {
      path = path.subList(0, path.size() - 1);
    }
    return typed.values().getOrDefault(path, new Location("?", 1, 1));
  }

  private static List<Object> elements(JsonNodePath path) {
    List<Object> elements = new ArrayList<>();
    for (int i = 0; i < path.getNameCount(); i++) {
      elements.add(path.getElement(i));
    }
    return elements;
  }

  private static String pointer(List<Object> path) {
    StringBuilder pointer = new StringBuilder();
    for (Object element : path) {
      pointer.append('/').append(element.toString().replace("~", "~0").replace("/", "~1"));
    }
    return pointer.toString();
  }

  /**
   * How a person names the place: {@code pairs[shop].primary.port}; a list of pairs by the pair's
   * name, other lists of mappings as {@code []}, an item of a list of values by the list's name.
   */
  private static String name(Typed typed, List<Object> path) {
    StringBuilder name = new StringBuilder();
    for (int i = 0; i < path.size(); i++) {
      Object element = path.get(i);
      if (element instanceof Integer index) {
        if (i == path.size() - 1) {
          break;
        }
        if (i == 1 && "pairs".equals(path.get(0))) {
          JsonNode pairName = typed.json().path("pairs").path(index).path("name");
          String shown = pairName.isTextual() ? pairName.asText() : "";
          if (shown.isEmpty()
              || shown.length() > 40
              || !ConfigLoader.PAIR_NAME.matcher(shown).matches()) {
            shown = "line " + typed.values().get(path.subList(0, 2)).line();
          }
          name.append('[').append(shown).append(']');
        } else {
          name.append("[]");
        }
      } else {
        name.append(name.isEmpty() ? "" : ".").append(element);
      }
    }
    return name.toString();
  }

  /** The schema that applies at {@code path}, following {@code $ref}s; missing when none does. */
  private JsonNode schemaAt(List<Object> path) {
    JsonNode node = resolve(schema);
    for (Object element : path) {
      node =
          resolve(
              element instanceof Integer
                  ? node.path("items")
                  : node.path("properties").path(element.toString()));
    }
    return node;
  }

  private JsonNode resolve(JsonNode node) {
    while (node.has("$ref")) {
      node = schema.at(node.get("$ref").asText().substring(1));
    }
    return node;
  }
}
