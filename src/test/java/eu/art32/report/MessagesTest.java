package eu.art32.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MessagesTest {
  @Test
  void bothLanguagesHaveTheSameKeysAndPlaceholders() {
    Messages en = new Messages("en");
    Messages nb = new Messages("nb");

    assertThat(nb.texts().keySet()).containsExactlyInAnyOrderElementsOf(en.texts().keySet());
    for (String key : en.texts().keySet()) {
      assertThat(placeholders(nb.texts().get(key)))
          .as(key)
          .isEqualTo(placeholders(en.texts().get(key)));
    }
  }

  @Test
  void numbersAndDatesFollowTheLocale() {
    assertThat(new Messages("en").number(12345.678)).isEqualTo("12,345.678");
    assertThat(new Messages("nb").number(12345.678)).isEqualTo("12\u00a0345,678");
    assertThat(new Messages("nb").text("verdict.partial", 3)).startsWith("3 funn ikke vurdert");
    assertThat(new Messages("en").dateTime("2026-11-26T07:00:00Z"))
        .isEqualTo("26 Nov 2026, 07:00:00 UTC");
    assertThat(new Messages("nb").dateTime("2026-11-26T07:00:00Z"))
        .isEqualTo("26. nov. 2026 kl. 07:00:00 UTC");
    assertThatThrownBy(() -> new Messages("de"))
        .hasMessageContaining("--lang: expected one of en, nb");
  }

  /**
   * A finding's why and remediation are shown in the report's language when the bundles hold the
   * English words: each rule's rationale and remediation (rules/) under finding.ID.why / .fix, and
   * every fix.* key a check says its remediation from (read from the checks' sources) in both.
   */
  @Test
  void everyRulesWhyAndRemediationAndEveryFixKeyIsInBothLanguages() throws Exception {
    Messages en = new Messages("en");
    Messages nb = new Messages("nb");
    var book = eu.art32.rules.RuleBook.load(new eu.art32.rules.Resources("rules", null));
    for (var rule : book.rules()) {
      if (rule.rationale() != null && !rule.rationale().isBlank()) {
        assertThat(en.texts().get("finding." + rule.id() + ".why"))
            .as(rule.id() + " rationale")
            .isEqualTo(rule.rationale().trim());
      }
      if (rule.remediation() != null && !rule.remediation().isBlank()) {
        assertThat(en.texts().get("finding." + rule.id() + ".fix"))
            .as(rule.id() + " remediation")
            .isEqualTo(rule.remediation().trim());
      }
    }
    // word("fix.key"), or the drill findings' fix("key") that says fix.key
    Pattern fix = Pattern.compile("(?:word\\(\"fix\\.|\\bfix\\(\")([A-Za-z.]+)\"\\)");
    int keys = 0;
    try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("src/main/java"))) {
      for (var file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher m = fix.matcher(java.nio.file.Files.readString(file));
        while (m.find()) {
          keys++;
          String key = "fix." + m.group(1);
          assertThat(en.texts()).as(file + ": " + key).containsKey(key);
          assertThat(nb.texts()).as(file + ": " + key).containsKey(key);
        }
      }
    }
    assertThat(keys).as("remediations said from fix.* keys").isGreaterThan(20);
  }

  /**
   * Every finding a check can emit has its title in both bundles, the English one equal to the
   * title the check gives; every area and every reference has its bokmål words. Finding ids and
   * titles are read from the checks' sources (id and title literals side by side), the pre-flight
   * checks' ids with their DRILL-PRE- prefix, the areas and references from rules/.
   */
  @Test
  void everyFindingAreaAndReferenceHasItsWordsInBothLanguages() throws Exception {
    Messages en = new Messages("en");
    Messages nb = new Messages("nb");
    java.util.Map<String, String> titles = new java.util.TreeMap<>();
    Pattern literal = Pattern.compile("\"([A-Z][A-Z0-9]+(?:-[A-Z0-9]+)+)\",\\s*\"([^\"]+)\"");
    try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("src/main/java"))) {
      for (var file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String source = java.nio.file.Files.readString(file);
        boolean preflight = file.getFileName().toString().equals("Preflight.java");
        Matcher m = literal.matcher(source);
        while (m.find()) {
          if (!m.group(2).contains(" ")) {
            continue; // not a title: e.g. the "UTF-8", "1.0" of an XML writer
          }
          titles.put(
              (preflight ? "DRILL-PRE-" : "") + m.group(1),
              (preflight ? "Pre-flight: " : "") + m.group(2));
        }
      }
    }
    var yaml =
        new com.fasterxml.jackson.databind.ObjectMapper(
            new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
    for (var rule :
        yaml.readTree(java.nio.file.Path.of("rules/replication.yaml").toFile()).path("rules")) {
      titles.put(rule.path("id").asText(), rule.path("title").asText());
    }
    assertThat(titles).as("finding ids found").hasSizeGreaterThan(50);
    for (var e : titles.entrySet()) {
      assertThat(en.texts().get("finding." + e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
      assertThat(nb.texts().get("finding." + e.getKey())).as(e.getKey()).isNotBlank();
    }
    for (var area :
        yaml.readTree(java.nio.file.Path.of("rules/objectives.yaml").toFile()).path("areas")) {
      String id = area.path("id").asText();
      assertThat(en.texts().get("area." + id)).as(id).isEqualTo(area.path("title").asText());
      assertThat(nb.texts()).containsKey("area." + id);
      assertThat(nb.texts()).containsKey("finding." + id.toUpperCase() + "-NOT-ASSESSED");
    }
    var references =
        yaml.readTree(java.nio.file.Path.of("rules/article32.yaml").toFile()).path("references");
    references
        .fieldNames()
        .forEachRemaining(
            id -> {
              assertThat(en.texts().get("ref." + id + ".citation"))
                  .isEqualTo(references.path(id).path("citation").asText());
              assertThat(nb.texts().get("ref." + id + ".citation")).as(id).isNotBlank();
              assertThat(nb.texts().get("ref." + id + ".text")).as(id).isNotBlank();
            });
    assertThat(nb.texts().get("ref.gdpr-32-1-b.citation"))
        .isEqualTo(
            "personvernforordningen art. 32 nr. 1 bokstav b, jf. personopplysningsloven § 1");
  }

  /**
   * Every text a check says (the keys of {@code Text.of("...")} and of the figures of {@code
   * TimedFigure.unconfirmed}) has its words in both bundles, and no bokmål sentence is the English
   * one: a check's sentence cannot reach a report in only one language.
   */
  @Test
  void everyTextAChecksSaysHasItsWordsInBothLanguages() throws Exception {
    Messages en = new Messages("en");
    Messages nb = new Messages("nb");
    java.util.Set<String> keys = new java.util.TreeSet<>();
    Pattern said = Pattern.compile("Text\\.of\\(\\s*\"([^\"]+)\"(?!\\s*\\+)");
    Pattern figures =
        Pattern.compile("unconfirmed\\(\\s*\"([A-Za-z]+)\",\\s*\"([A-Za-z]+)\",\\s*(?!\")");
    try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("src/main/java"))) {
      for (var file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String source = java.nio.file.Files.readString(file);
        Matcher m = said.matcher(source);
        while (m.find()) {
          keys.add(m.group(1)); // a key built with + is listed by hand below
        }
        Matcher f = figures.matcher(source);
        while (f.find()) {
          keys.add("figure." + f.group(1));
          keys.add("figure." + f.group(2));
        }
      }
    }
    keys.add("status.FAIL");
    keys.add("status.WARN");
    assertThat(keys).as("texts found in the sources").hasSizeGreaterThan(30);
    java.util.Set<String> same = java.util.Set.of("sep.semicolon", "parenthesis", "figure.rto");
    for (String key : keys) {
      assertThat(en.texts()).as(key).containsKey("say." + key);
      assertThat(nb.texts()).as(key).containsKey("say." + key);
      if (!same.contains(key) && en.texts().get("say." + key).matches(".*[a-z]{3,}.*")) {
        assertThat(nb.texts().get("say." + key)).as(key).isNotEqualTo(en.texts().get("say." + key));
      }
    }
  }

  private static long placeholders(String text) {
    Matcher m = Pattern.compile("\\{\\d}").matcher(text);
    return m.results().count();
  }
}
