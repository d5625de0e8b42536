package eu.art32.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigSchemaTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final JsonSchema SCHEMA =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(ConfigSchema.text());

  @Test
  void theExampleConfigMatchesThePublishedSchema() throws Exception {
    JsonNode example = YAML.readTree(Path.of("src/test/resources/examples/art32.yaml").toFile());

    assertThat(SCHEMA.validate(example)).isEmpty();
  }

  @Test
  void theSandboxConfigMatchesThePublishedSchema() throws Exception {
    JsonNode sandbox = YAML.readTree(eu.art32.sandbox.SandboxConfigAccess.sampleYaml());

    assertThat(SCHEMA.validate(sandbox)).isEmpty();
  }

  @Test
  void theSchemaRejectsWhatTheLoaderRejects() throws Exception {
    JsonNode broken = YAML.readTree(Path.of("src/test/resources/examples/broken.yaml").toFile());

    Set<ValidationMessage> messages = SCHEMA.validate(broken);

    assertThat(messages)
        .extracting(ValidationMessage::getMessage)
        .anyMatch(m -> m.contains("pasword"))
        .anyMatch(m -> m.contains("stagin") || m.contains("environment"))
        .anyMatch(m -> m.contains("password"));
  }
}
