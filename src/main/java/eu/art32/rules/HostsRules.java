package eu.art32.rules;

import eu.art32.config.Fields;
import eu.art32.config.Problem;
import eu.art32.config.YamlNode;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** rules/hosts.yaml: which virtualisation passes, how much steal time is too much. */
public record HostsRules(
    List<String> fullVirtualisation,
    List<String> containers,
    double stealMaxPercent,
    Duration window) {
  public HostsRules {
    fullVirtualisation = List.copyOf(fullVirtualisation);
    containers = List.copyOf(containers);
  }

  static HostsRules read(YamlNode root, List<Problem> problems) {
    Fields f =
        root == null
            ? null
            : Fields.of(
                root,
                "",
                Set.of("version", "fullVirtualisation", "containers", "stealMaxPercent", "window"),
                problems);
    if (f == null) {
      return null;
    }
    return new HostsRules(
        f.strings("fullVirtualisation"),
        f.strings("containers"),
        f.integer("stealMaxPercent", 0, 100).orElse(5),
        f.duration("window").orElse(Duration.ofSeconds(2)));
  }
}
