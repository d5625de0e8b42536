package eu.art32.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * junit.xml from the evidence: one test suite per pair, one test case per finding. FAIL findings at
 * or above the gate's severity are failures carrying observed vs expected; NOT_ASSESSED ones are
 * skipped with the reason; everything else passes.
 */
final class JUnitXml {
  private JUnitXml() {}

  static String render(JsonNode run, Gate gate) {
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter xml = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("testsuites");
      xml.writeAttribute("name", "art32 " + run.path("runId").asText());
      for (JsonNode pair : run.path("pairs")) {
        int tests = pair.path("findings").size();
        int failures = 0;
        int skipped = 0;
        for (JsonNode f : pair.path("findings")) {
          failures += gate.fails(f) ? 1 : 0;
          skipped += "NOT_ASSESSED".equals(f.path("status").asText()) ? 1 : 0;
        }
        xml.writeCharacters("\n  ");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", "art32." + pair.path("name").asText());
        xml.writeAttribute("tests", Integer.toString(tests));
        xml.writeAttribute("failures", Integer.toString(failures));
        xml.writeAttribute("errors", pair.hasNonNull("error") ? "1" : "0");
        xml.writeAttribute("skipped", Integer.toString(skipped));
        xml.writeAttribute("timestamp", timestamp(run.path("startedAt").asText()));
        xml.writeAttribute("time", seconds(run.path("durationMillis").asDouble()));
        xml.writeCharacters("\n    ");
        xml.writeStartElement("properties");
        for (String key : new String[] {"runId", "toolVersion", "rulesVersion", "configDigest"}) {
          xml.writeCharacters("\n      ");
          xml.writeEmptyElement("property");
          xml.writeAttribute("name", "art32." + key);
          xml.writeAttribute("value", run.path(key).asText());
        }
        xml.writeCharacters("\n    ");
        xml.writeEndElement();
        if (pair.hasNonNull("error")) {
          xml.writeCharacters("\n    ");
          xml.writeStartElement("testcase");
          xml.writeAttribute("classname", "art32." + pair.path("name").asText());
          xml.writeAttribute("name", "pair could be read");
          xml.writeStartElement("error");
          xml.writeAttribute("message", pair.path("error").asText());
          xml.writeEndElement();
          xml.writeEndElement();
        }
        for (JsonNode f : pair.path("findings")) {
          testCase(xml, pair, f, gate);
        }
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
      }
      xml.writeCharacters("\n");
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write junit.xml", e);
    }
    return ControlCharacters.visible(out + "\n");
  }

  /** JUnit's timestamp: the start in UTC to the second, without a zone (as the XSD has it). */
  static String timestamp(String iso) {
    if (iso.isEmpty()) {
      return "";
    }
    return LocalDateTime.ofInstant(Instant.parse(iso), ZoneOffset.UTC)
        .truncatedTo(ChronoUnit.SECONDS)
        .toString();
  }

  private static String seconds(double millis) {
    return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
  }

  /**
   * The time the evidence records for measuring a finding's area (the comparison, the heartbeat
   * window, the mirror scan, taking and restoring the backup); 0 where art32 does not time an area
   * on its own (the drill's phases are in the report).
   */
  static double areaMillis(JsonNode pair, String area) {
    return switch (area) {
      case "consistency" -> pair.path("consistency").path("millis").asDouble();
      case "lag" -> pair.path("lag").path("windowMs").asDouble();
      case "mirror" -> pair.path("mirror").path("scanSeconds").asDouble() * 1000;
      case "backups" ->
          pair.path("backup").path("backupMillis").asDouble()
              + pair.path("backup").path("restoreRtoMillis").asDouble();
      default -> 0;
    };
  }

  private static void testCase(XMLStreamWriter xml, JsonNode pairNode, JsonNode f, Gate gate)
      throws XMLStreamException {
    String pair = pairNode.path("name").asText();
    String status = f.path("status").asText();
    xml.writeCharacters("\n    ");
    xml.writeStartElement("testcase");
    xml.writeAttribute("classname", "art32." + pair + "." + f.path("area").asText());
    xml.writeAttribute("name", f.path("id").asText() + " " + f.path("title").asText());
    xml.writeAttribute("time", seconds(areaMillis(pairNode, f.path("area").asText())));
    String detail =
        "status: "
            + status
            + " (severity "
            + f.path("severity").asText().toLowerCase(Locale.ROOT)
            + ")\n"
            + "observed: "
            + f.path("observed").asText()
            + "\n"
            + "expected: "
            + f.path("expected").asText()
            + (f.path("remediation").asText().isEmpty()
                ? ""
                : "\nremediation: " + f.path("remediation").asText());
    if (gate.fails(f)) {
      xml.writeStartElement("failure");
      xml.writeAttribute("type", status);
      xml.writeAttribute("message", f.path("observed").asText());
      xml.writeCharacters(detail);
      xml.writeEndElement();
    } else if ("NOT_ASSESSED".equals(status)) {
      xml.writeStartElement("skipped");
      xml.writeAttribute("message", f.path("observed").asText());
      xml.writeEndElement();
    } else {
      xml.writeStartElement("system-out");
      xml.writeCharacters(detail);
      xml.writeEndElement();
    }
    xml.writeEndElement();
  }
}
