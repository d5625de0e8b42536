package eu.art32.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The published JSON Schema of art32.yaml, for editors and CI linting, and the one list of the keys
 * each section of the file allows: the loader takes its key sets from here. It is art32.schema.json
 * with each registered {@link AreaSettings} section's schema put in a pair's properties.
 */
public final class ConfigSchema {
  private static final JsonNode SCHEMA = parse();
  private static final SchemaCheck CHECK = new SchemaCheck(SCHEMA);

  private ConfigSchema() {}

  /** The check of a file against this schema, with every problem at its line and column. */
  public static SchemaCheck check() {
    return CHECK;
  }

  /**
   * The keys the schema allows in the mapping at {@code path}: property names, with {@code []} for
   * an array's items (e.g. {@code "pairs", "[]", "primary"}), following {@code $ref}s.
   */
  public static Set<String> keys(String... path) {
    JsonNode node = resolve(SCHEMA);
    for (String step : path) {
      node = resolve(step.equals("[]") ? node.path("items") : node.path("properties").path(step));
    }
    Set<String> keys = new LinkedHashSet<>();
    node.path("properties").fieldNames().forEachRemaining(keys::add);
    if (keys.isEmpty()) {
      throw new IllegalStateException(
          "art32.schema.json has no properties at " + String.join(".", path));
    }
    return Collections.unmodifiableSet(keys);
  }

  private static JsonNode resolve(JsonNode node) {
    while (node.has("$ref")) {
      String ref = node.get("$ref").asText();
      node = SCHEMA.at(ref.substring(1));
    }
    return node;
  }

  private static JsonNode parse() {
    ObjectMapper mapper = new ObjectMapper();
    try {
      JsonNode schema = mapper.readTree(base());
      ObjectNode pair = (ObjectNode) schema.at("/$defs/pair/properties");
      for (AreaSettings<?> section : AreaSettings.all()) {
        if (pair.has(section.key())) {
          throw new IllegalStateException(
              "art32.schema.json already describes the pair's '" + section.key() + "' section");
        }
        pair.set(section.key(), mapper.readTree(section.schema()));
      }
      return schema;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The schema as published: art32.schema.json with the areas' sections in place. */
  public static String text() {
    try {
      return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(SCHEMA) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String base() {
    try (InputStream in = ConfigSchema.class.getResourceAsStream("art32.schema.json")) {
      if (in == null) {
        throw new IllegalStateException("art32.schema.json is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
