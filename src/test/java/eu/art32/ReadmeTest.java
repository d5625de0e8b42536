package eu.art32;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's snippets are files the tests run, not copies that drift. */
class ReadmeTest {
  @Test
  void theConfigurationExampleIsTheTestedExampleFile() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int section = readme.indexOf("## Configuration");
    int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
    String shown = readme.substring(start, readme.indexOf("```", start));
    String file = Files.readString(Path.of("src/test/resources/examples/art32.yaml"));
    String withoutHeader = file.substring(file.indexOf("version: 1"));

    assertThat(shown).isEqualTo(withoutHeader);
  }
}
