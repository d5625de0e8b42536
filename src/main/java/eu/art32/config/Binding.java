package eu.art32.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Binds a section of art32.yaml that {@link SchemaCheck} has passed into its config record with
 * Jackson: the keys given override the record's defaults, durations are written as in the file
 * ({@code 500ms}, {@code 30s}). The record's components are the section's keys; a key the record
 * lacks fails binding, so schema and record cannot drift apart unnoticed.
 */
final class Binding {
  private static final ObjectMapper MAPPER = mapper();

  private Binding() {}

  /**
   * {@code defaults} with every key {@code given} sets; a key whose value cannot be bound keeps its
   * default (the schema check has reported it), so the checks after binding still see the rest.
   */
  static <T> Optional<T> over(T defaults, JsonNode given, Class<T> type) {
    if (!given.isObject()) {
      return Optional.empty();
    }
    ObjectNode merged = MAPPER.valueToTree(defaults);
    T bound = defaults;
    for (var e : given.properties()) {
      if (e.getValue().isNull()) {
        continue;
      }
      ObjectNode tried = merged.deepCopy();
      tried.set(e.getKey(), e.getValue());
      try {
        bound = MAPPER.treeToValue(tried, type);
        merged = tried;
      } catch (JsonProcessingException | IllegalArgumentException wrongShape) {
        // left at its default
      }
    }
    return Optional.of(bound);
  }

  private static ObjectMapper mapper() {
    SimpleModule durations = new SimpleModule();
    durations.addSerializer(
        Duration.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider)
              throws IOException {
            gen.writeString(value.toMillis() + "ms");
          }
        });
    durations.addDeserializer(
        Duration.class,
        new JsonDeserializer<>() {
          @Override
          public Duration deserialize(JsonParser parser, DeserializationContext context)
              throws IOException {
            String text = parser.getValueAsString();
            return Fields.parseDuration(text == null ? "" : text)
                .orElseThrow(() -> new IllegalArgumentException("not a duration: " + text));
          }
        });
    return JsonMapper.builder()
        .addModule(durations)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .build();
  }
}
