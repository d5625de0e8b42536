package eu.art32.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The published JSON Schema of art32.yaml, for editors and CI linting. */
public final class ConfigSchema {
  private ConfigSchema() {}

  public static String text() {
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
