package eu.art32.rules;

import eu.art32.config.Fields;
import eu.art32.config.Problem;
import eu.art32.config.YamlNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Binds rules/residency.yaml, every problem located. */
final class ResidencyRulesReader {
  private static final Set<String> TOP =
      Set.of(
          "version",
          "reviewed",
          "sources",
          "defaultPolicy",
          "databaseMaxAgeDays",
          "minSeparationKm",
          "fibreKmPerMs",
          "eea",
          "adequacy");
  private static final Set<String> ADEQUACY =
      Set.of("country", "name", "decision", "date", "scope");

  private ResidencyRulesReader() {}

  static ResidencyRules read(YamlNode root, List<Problem> problems) {
    Fields f = Fields.of(root, "", TOP, problems);
    if (f == null) {
      return null;
    }
    ResidencyRules.Policy policy =
        f.string("defaultPolicy").map(text -> policy(f, text)).orElse(ResidencyRules.Policy.EEA);
    List<String> eea = new ArrayList<>();
    f.node("eea")
        .ifPresent(
            n -> {
              Fields groups = Fields.of(n, "eea", Set.of("eu", "efta"), problems);
              if (groups != null) {
                eea.addAll(groups.strings("eu"));
                eea.addAll(groups.strings("efta"));
              }
            });
    for (String code : eea) {
      if (!code.matches("[A-Z]{2}")) {
        f.problem(
            f.keyLocation("eea"),
            "'eea': expected ISO 3166 alpha-2 codes such as NO, found '" + code + "'");
      }
    }
    List<ResidencyRules.Adequacy> adequacy = f.list("adequacy", n -> adequacy(n, problems));
    return new ResidencyRules(
        f.string("version").orElse("unversioned"),
        date(f, "reviewed"),
        f.strings("sources"),
        policy,
        f.integer("databaseMaxAgeDays", 1, 3650).orElse(45),
        f.integer("minSeparationKm", 0, 100_000).orElse(10),
        f.integer("fibreKmPerMs", 100, 300).orElse(200),
        eea.isEmpty() ? Set.of() : Set.copyOf(eea),
        adequacy);
  }

  private static ResidencyRules.Policy policy(Fields f, String text) {
    return ResidencyRules.Policy.parse(text)
        .orElseGet(
            () -> {
              f.problem(
                  f.keyLocation("defaultPolicy"),
                  "'defaultPolicy': expected eea or eea+adequacy, found '" + text + "'");
              return ResidencyRules.Policy.EEA;
            });
  }

  private static ResidencyRules.Adequacy adequacy(YamlNode node, List<Problem> problems) {
    Fields f = Fields.of(node, "adequacy[]", ADEQUACY, problems);
    if (f == null) {
      return null;
    }
    String country = f.requiredString("country");
    String decision = f.requiredString("decision");
    LocalDate date = date(f, "date");
    if (country == null || decision == null || date == null) {
      return null;
    }
    return new ResidencyRules.Adequacy(
        country, f.string("name").orElse(country), decision, date, f.string("scope").orElse(null));
  }

  private static LocalDate date(Fields f, String key) {
    return f.string(key)
        .map(
            text -> {
              try {
                return LocalDate.parse(text);
              } catch (DateTimeParseException e) {
                f.problem(
                    f.keyLocation(key),
                    "'" + f.name(key) + "': expected a date like 2026-11-26, found '" + text + "'");
                return null;
              }
            })
        .orElse(null);
  }
}
