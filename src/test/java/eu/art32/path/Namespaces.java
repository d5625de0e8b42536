package eu.art32.path;

import static org.assertj.core.api.Assertions.assertThat;

import eu.art32.Shell;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The routed path of src/test/sh/path-netns.sh for one test class: "primary" (198.51.100.2), three
 * routers, "DR" (192.0.2.2), and art32 run in its own JVM inside the primary's namespace, so that
 * every connection it opens stays inside the namespaces.
 */
public record Namespaces(String name) {
  private static final Path SCRIPT =
      Path.of(System.getProperty("art32.project.dir", "."), "src", "test", "sh", "path-netns.sh");

  /** Creates the namespaces, named from {@code prefix} and this JVM's pid. */
  public static Namespaces up(String prefix) {
    Namespaces net = new Namespaces(prefix + ProcessHandle.current().pid() % 100_000);
    Shell.Result made = net.script("up");
    assertThat(made.succeeded()).as(made.output()).isTrue();
    return net;
  }

  public void down() {
    script("down");
  }

  /** A namespace's full name: {@code p}, {@code r1}..{@code r3} or {@code d}. */
  public String of(String host) {
    return name + "-" + host;
  }

  /** {@code art32 ARGS} in the primary's namespace, with {@code env} added. */
  public Shell.Result art32OnThePrimary(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", of("p")));
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-jar");
    command.add(
        Path.of(System.getProperty("art32.project.dir", "."), "target", "art32.jar").toString());
    command.addAll(List.of(args));
    return Shell.run(command, Duration.ofMinutes(5), env);
  }

  private Shell.Result script(String what) {
    return Shell.run(
        List.of("bash", SCRIPT.toString(), what, name), Duration.ofSeconds(60), Map.of());
  }
}
