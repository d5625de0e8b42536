package eu.art32.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.art32.evidence.Catalogue;
import eu.art32.evidence.Text;
import java.util.ArrayList;
import java.util.List;

/**
 * The evidence as a report in one language shows it: every recorded sentence that has its texts
 * beside it ({@code observed} and {@code observedText} of a finding, {@code primaryToDrSource} and
 * {@code primaryToDrSourceText} of the latency area, a list such as a failback's {@code actions}
 * with {@code actionTexts}, and so on, anywhere in a pair) said again from those texts (key and
 * values) in that language. Words recorded without texts, or whose texts the English bundle no
 * longer says as recorded (evidence from another art32 version), are shown as recorded.
 * evidence.json itself is never changed.
 */
final class Localized {
  private Localized() {}

  static ObjectNode of(ObjectNode tree, String language) {
    ObjectNode shown = tree.deepCopy();
    Catalogue english = Catalogue.english();
    Catalogue catalogue = Catalogue.of(language);
    for (JsonNode pair : shown.path("pairs")) {
      sayAll(pair, english, catalogue);
    }
    return shown;
  }

  private static void sayAll(JsonNode node, Catalogue english, Catalogue in) {
    if (node instanceof ObjectNode object) {
      List<String> said = new ArrayList<>();
      object
          .fieldNames()
          .forEachRemaining(
              name -> {
                String field = name.substring(0, Math.max(0, name.length() - 4));
                if (name.endsWith("Text") && object.path(field).isTextual()) {
                  said.add(field);
                }
              });
      for (String field : said) {
        say(object, field, english, in);
      }
      object
          .fieldNames()
          .forEachRemaining(
              name -> {
                // actionTexts beside actions
                String field = name.substring(0, Math.max(0, name.length() - 5)) + "s";
                if (name.endsWith("Texts")
                    && object.path(field).isArray()
                    && object.path(name).isArray()
                    && object.path(field).size() == object.path(name).size()) {
                  sayEach((ArrayNode) object.get(field), object.get(name), english, in);
                }
              });
    }
    if (node.isContainerNode()) {
      for (JsonNode child : node) {
        sayAll(child, english, in);
      }
    }
  }

  /** A list of sentences ({@code actions}) said again from its list of Texts, one by one. */
  private static void sayEach(ArrayNode words, JsonNode texts, Catalogue english, Catalogue in) {
    for (int i = 0; i < words.size(); i++) {
      ObjectNode one = JsonNodeFactory.instance.objectNode();
      one.set("w", words.get(i));
      one.set("wText", texts.get(i));
      say(one, "w", english, in);
      words.set(i, one.get("w"));
    }
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
