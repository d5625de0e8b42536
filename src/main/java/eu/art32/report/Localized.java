package eu.art32.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.art32.evidence.Catalogue;
import eu.art32.evidence.Text;

/**
 * The evidence as a report in one language shows it: each finding's observed and expected words
 * said again from the texts the check recorded (key and values), in that language. Words recorded
 * without texts, or whose texts the English bundle no longer says as recorded (evidence from
 * another art32 version), are shown as recorded. evidence.json itself is never changed.
 */
final class Localized {
  private Localized() {}

  static ObjectNode of(ObjectNode tree, String language) {
    ObjectNode shown = tree.deepCopy();
    Catalogue english = Catalogue.english();
    Catalogue catalogue = Catalogue.of(language);
    for (JsonNode pair : shown.path("pairs")) {
      for (JsonNode finding : pair.path("findings")) {
        ObjectNode f = (ObjectNode) finding;
        say(f, "observed", english, catalogue);
        say(f, "expected", english, catalogue);
      }
    }
    return shown;
  }

  private static void say(ObjectNode finding, String field, Catalogue english, Catalogue in) {
    Text text;
    try {
      text = Text.fromJson(finding.get(field + "Text"));
    } catch (IllegalArgumentException malformed) {
      return;
    }
    if (text == null) {
      return;
    }
    try {
      if (english.say(text).equals(finding.path(field).asText())) {
        finding.put(field, in.say(text));
      }
    } catch (IllegalStateException unknownKey) {
      // a text this version's bundles do not hold: the recorded words stand
    }
  }
}
