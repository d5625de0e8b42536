package eu.art32.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringWriter;
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
        xml.writeAttribute("timestamp", run.path("startedAt").asText());
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
          testCase(xml, pair.path("name").asText(), f, gate);
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
    return out + "\n";
  }

  private static void testCase(XMLStreamWriter xml, String pair, JsonNode f, Gate gate)
      throws XMLStreamException {
    String status = f.path("status").asText();
    xml.writeCharacters("\n    ");
    xml.writeStartElement("testcase");
    xml.writeAttribute("classname", "art32." + pair + "." + f.path("area").asText());
    xml.writeAttribute("name", f.path("id").asText() + " " + f.path("title").asText());
    String detail =
        "status: "
            + status
            + " (severity "
            + f.path("severity").asText().toLowerCase(java.util.Locale.ROOT)
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
