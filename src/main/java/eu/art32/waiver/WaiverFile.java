package eu.art32.waiver;

import eu.art32.config.ConfigException;
import eu.art32.config.Fields;
import eu.art32.config.Problem;
import eu.art32.config.TextFile;
import eu.art32.config.YamlNode;
import eu.art32.config.YamlReader;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a waivers file: a top-level {@code waivers} list of {@code finding, pair, justification,
 * approver, expires (YYYY-MM-DD)}. Every problem is reported with file, line and key before
 * anything runs (exit 2).
 */
public final class WaiverFile {
  private static final Set<String> KEYS =
      Set.of("finding", "pair", "justification", "approver", "expires");

  private WaiverFile() {}

  public static List<Waiver> load(Path file) {
    return parse(file.toString(), TextFile.read(file, "waivers file"));
  }

  public static List<Waiver> parse(String fileName, String text) {
    List<Problem> problems = new ArrayList<>();
    YamlNode root = YamlReader.read(fileName, text, problems);
    List<Waiver> waivers = new ArrayList<>();
    if (root != null) {
      Fields top = Fields.of(root, "", Set.of("version", "waivers"), problems);
      if (top != null) {
        if (top.node("waivers").isEmpty()) {
          top.problem(top.location(), "missing key 'waivers' (a list)");
        }
        waivers.addAll(top.list("waivers", node -> waiver(node, problems)));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return List.copyOf(waivers);
  }

  private static Waiver waiver(YamlNode node, List<Problem> problems) {
    Fields f = Fields.of(node, "waivers[]", KEYS, problems);
    if (f == null) {
      return null;
    }
    String finding = f.requiredString("finding");
    String pair = f.requiredString("pair");
    String justification = f.requiredString("justification");
    String approver = f.requiredString("approver");
    String expires = f.requiredString("expires");
    LocalDate date = null;
    if (expires != null) {
      try {
        date = LocalDate.parse(expires.trim());
      } catch (DateTimeParseException e) {
        f.problem(
            f.keyLocation("expires"),
            "'waivers[].expires': expected a date YYYY-MM-DD, found '" + expires + "'");
      }
    }
    if (justification != null && justification.isBlank()) {
      f.problem(f.keyLocation("justification"), "'waivers[].justification' must say why");
      justification = null;
    }
    if (finding == null
        || pair == null
        || justification == null
        || approver == null
        || date == null) {
      return null;
    }
    return new Waiver(finding.trim(), pair.trim(), justification, approver, date, f.location());
  }
}
