package eu.art32.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The published JSON Schema of art32.yaml, for editors and CI linting, and the one list of the keys
 * each section of the file allows: the loader takes its key sets from here. It is art32.schema.json
 * with each registered {@link AreaSettings} section's schema put in a pair's properties.
 */
public final class ConfigSchema {
  private static final com.fasterxml.jackson.databind.JsonNode SCHEMA = parse();
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
  public static java.util.Set<String> keys(String... path) {
    com.fasterxml.jackson.databind.JsonNode node = resolve(SCHEMA);
    for (String step : path) {
      node = resolve(step.equals("[]") ? node.path("items") : node.path("properties").path(step));
    }
    java.util.Set<String> keys = new java.util.LinkedHashSet<>();
    node.path("properties").fieldNames().forEachRemaining(keys::add);
    if (keys.isEmpty()) {
      throw new IllegalStateException(
          "art32.schema.json has no properties at " + String.join(".", path));
    }
    return java.util.Collections.unmodifiableSet(keys);
  }

  private static com.fasterxml.jackson.databind.JsonNode resolve(
      com.fasterxml.jackson.databind.JsonNode node) {
    while (node.has("$ref")) {
      String ref = node.get("$ref").asText();
      node = SCHEMA.at(ref.substring(1));
    }
    return node;
  }

  private static com.fasterxml.jackson.databind.JsonNode parse() {
    com.fasterxml.jackson.databind.ObjectMapper mapper =
        new com.fasterxml.jackson.databind.ObjectMapper();
    try {
      com.fasterxml.jackson.databind.JsonNode schema = mapper.readTree(base());
      com.fasterxml.jackson.databind.node.ObjectNode pair =
          (com.fasterxml.jackson.databind.node.ObjectNode) schema.at("/$defs/pair/properties");
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
      return new com.fasterxml.jackson.databind.ObjectMapper()
              .writerWithDefaultPrettyPrinter()
              .writeValueAsString(SCHEMA)
          + "\n";
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
