package eu.art32.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import eu.art32.EnvironmentException;
import eu.art32.server.ServerKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What `sandbox up` started, kept in sandbox.json so `status` and `down` find it again. */
public record SandboxState(
    String origin, String configFile, List<SandboxNode> nodes, ServerKind server) {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  static final String FILE = "sandbox.json";

  public SandboxState {
    nodes = List.copyOf(nodes);
    server = server == null ? ServerKind.DEFAULT : server;
  }

  void write(Path dir) throws IOException {
    Files.writeString(dir.resolve(FILE), MAPPER.writeValueAsString(this));
  }

  public static SandboxState read(Path dir) {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new EnvironmentException(
          "no sandbox in "
              + dir
              + " (no "
              + FILE
              + "); start one with: art32 sandbox up --dir "
              + dir);
    }
    try {
      return MAPPER.readValue(file.toFile(), SandboxState.class);
    } catch (IOException e) {
      throw new EnvironmentException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
