package eu.art32.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A YAML value that remembers where it stood, so every problem can name its line and column. */
public sealed interface YamlNode {
  Location location();

  /** What kind of value this is, for messages such as "expected a list, found a mapping". */
  String kind();

  record Scalar(String text, boolean isNull, Location location) implements YamlNode {
    public Scalar {
      Objects.requireNonNull(location, "location");
    }

    @Override
    public String kind() {
      return isNull ? "nothing" : "a scalar";
    }
  }

  record Sequence(List<YamlNode> items, Location location) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
      Objects.requireNonNull(location, "location");
    }

    @Override
    public String kind() {
      return "a list";
    }
  }

  /** A key with the place it stood, and its value. */
  record Entry(String key, Location keyLocation, YamlNode value) {}

  record Mapping(Map<String, Entry> entries, Location location) implements YamlNode {
    public Mapping {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
      Objects.requireNonNull(location, "location");
    }

    @Override
    public String kind() {
      return "a mapping";
    }
  }
}
