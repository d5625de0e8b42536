package eu.art32.evidence;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Words a reader sees, kept as a key of the message bundles ({@code i18n/messages_<lang>}, keys
 * {@code say.<key>}) and the values that go into it, so that a report in any language can say them
 * in its own words, with numbers formatted for that language. A value is a number, a verbatim
 * string (a host, a table, a GTID) or another Text; key {@code +} puts its values side by side. In
 * evidence.json a Text stays locale-neutral: the key and the raw values.
 */
public record Text(String key, List<Object> args) {
  /** The key of a Text whose values are put side by side. */
  public static final String CONCAT = "+";

  public Text {
    Objects.requireNonNull(key, "key");
    args = List.copyOf(args);
    for (Object arg : args) {
      if (!(arg instanceof Number || arg instanceof String || arg instanceof Text)) {
        throw new IllegalArgumentException(
            "a Text value is a number, a string or a Text, not " + arg.getClass().getSimpleName());
      }
    }
  }

  /** A Text read back from evidence.json by Jackson: nested Texts arrive as maps. */
  @JsonCreator
  static Text json(@JsonProperty("key") String key, @JsonProperty("args") List<Object> args) {
    List<Object> values = new ArrayList<>();
    for (Object arg : args == null ? List.<Object>of() : args) {
      values.add(
          arg instanceof Map<?, ?> map
              ? json(
                  String.valueOf(map.get("key")),
                  map.get("args") instanceof List<?> l ? new ArrayList<>(l) : List.of())
              : arg);
    }
    return new Text(key, values);
  }

  public static Text of(String key, Object... args) {
    return new Text(key, List.of(args));
  }

  /** The key of a Text that is one word of the bundles, said as recorded when they lack it. */
  public static final String WORD = "word:";

  /**
   * A word the checks record in English (a level, a role, a series): the bundle's word under {@code
   * bundleKey} in the report's language, {@code recorded} itself when the bundle has none.
   */
  public static Text word(String bundleKey, String recorded) {
    return of(WORD + bundleKey, recorded);
  }

  /** The parts side by side. */
  public static Text concat(Object... parts) {
    return new Text(CONCAT, List.of(parts));
  }

  /** The parts with {@code separator} (a bundle key, e.g. {@code sep.semicolon}) between them. */
  public static Text join(String separator, List<Text> parts) {
    List<Object> joined = new ArrayList<>();
    for (Text part : parts) {
      if (!joined.isEmpty()) {
        joined.add(of(separator));
      }
      joined.add(part);
    }
    return new Text(CONCAT, joined);
  }

  /** A value that may be missing, as the words have always shown it: {@code null}. */
  public static Object value(Number n) {
    return n == null ? "null" : n;
  }

  /**
   * This Text with {@code f} applied to every verbatim string value, nested ones too (keys stay):
   * how a redactor cleans what a Text records.
   */
  public Text mapValues(UnaryOperator<String> f) {
    List<Object> mapped = new ArrayList<>();
    for (Object arg : args) {
      mapped.add(
          arg instanceof String s ? f.apply(s) : arg instanceof Text t ? t.mapValues(f) : arg);
    }
    return new Text(key, mapped);
  }

  /** This Text followed by {@code more}. */
  public Text then(Text more) {
    return concat(this, more);
  }

  /** The Text recorded in evidence.json, read back; null for a missing node. */
  public static Text fromJson(JsonNode node) {
    if (node == null || !node.isObject() || !node.path("key").isTextual()) {
      return null;
    }
    List<Object> args = new ArrayList<>();
    for (JsonNode arg : node.path("args")) {
      if (arg.isObject()) {
        args.add(fromJson(arg));
      } else if (arg.isNumber()) {
        args.add(arg.numberValue());
      } else {
        args.add(arg.asText());
      }
    }
    return new Text(node.get("key").asText(), args);
  }
}
