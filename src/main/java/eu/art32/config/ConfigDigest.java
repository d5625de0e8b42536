package eu.art32.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import eu.art32.evidence.EvidenceJson;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The config digest in the evidence: the SHA-256 of the bound config records serialised whole, so
 * every key a run was judged by is in it and none can be left out by hand. A password enters only
 * as where it came from (never its value, not even hashed); the config file's own path is left out,
 * so the same settings give the same digest wherever the file lies.
 */
public final class ConfigDigest {
  private static final ObjectMapper JSON = mapper();

  private ConfigDigest() {}

  public static String of(Art32Config config) {
    return EvidenceJson.sha256(canonical(config));
  }

  /** The text the digest is taken over: compact JSON with sorted keys. */
  public static String canonical(Art32Config config) {
    try {
      return JSON.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the config cannot be serialised: " + e.getMessage(), e);
    }
  }

  @JsonIgnoreProperties({"file"})
  private abstract static class WithoutFile {}

  private static ObjectMapper mapper() {
    SimpleModule module = new SimpleModule();
    module.addSerializer(
        Secret.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(Secret value, JsonGenerator gen, SerializerProvider provider)
              throws IOException {
            gen.writeString("<redacted: " + value.source() + ">");
          }
        });
    module.addSerializer(
        Duration.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider)
              throws IOException {
            gen.writeString(value.toString());
          }
        });
    module.addSerializer(
        Path.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(Path value, JsonGenerator gen, SerializerProvider provider)
              throws IOException {
            gen.writeString(value.toString());
          }
        });
    return JsonMapper.builder()
        .addModule(module)
        .addMixIn(Art32Config.class, WithoutFile.class)
        .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .build();
  }
}
