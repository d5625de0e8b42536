package eu.art32.sandbox;

import java.nio.file.Path;

/** Lets tests outside the package see the YAML `sandbox up` writes, without starting servers. */
public final class SandboxConfigAccess {
  private SandboxConfigAccess() {}

  public static String sampleYaml() {
    SandboxNode primary = new SandboxNode("node1", 1, 40001, Path.of("/tmp/n1"), false, null);
    SandboxNode replica = new SandboxNode("node2", 2, 40002, Path.of("/tmp/n2"), true, null);
    return SandboxConfig.yaml(primary, replica, true);
  }
}
