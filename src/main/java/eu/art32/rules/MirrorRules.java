package eu.art32.rules;

import eu.art32.config.Fields;
import eu.art32.config.Problem;
import eu.art32.config.YamlNode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** rules/mirror.yaml: what the mirror audit expects. */
public record MirrorRules(
    List<String> volatileDirectories,
    Duration statusMaxAge,
    Duration logWindow,
    Pattern logError,
    Duration defaultFileRpo,
    int canaries) {
  static MirrorRules read(YamlNode root, List<Problem> problems) {
    Fields f =
        root == null
            ? null
            : Fields.of(
                root,
                "",
                Set.of(
                    "version",
                    "volatileDirectories",
                    "statusMaxAge",
                    "logWindow",
                    "logErrorPattern",
                    "defaultFileRpo",
                    "canaries"),
                problems);
    if (f == null) {
      return null;
    }
    return new MirrorRules(
        f.strings("volatileDirectories"),
        f.duration("statusMaxAge").orElse(Duration.ofMinutes(2)),
        f.duration("logWindow").orElse(Duration.ofHours(24)),
        Pattern.compile(f.string("logErrorPattern").orElse("(?i)\\berror\\b")),
        f.duration("defaultFileRpo").orElse(Duration.ofSeconds(30)),
        f.integer("canaries", 1, 100).orElse(5));
  }
}
