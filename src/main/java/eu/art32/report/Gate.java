package eu.art32.report;

import com.fasterxml.jackson.databind.JsonNode;
import eu.art32.evidence.Finding;
import eu.art32.evidence.Severity;
import eu.art32.evidence.Status;

/**
 * What fails the gate: a FAIL finding whose severity is at least {@code failOn} ({@code --fail-on};
 * the default {@code low} lets every FAIL fail).
 */
public record Gate(Severity failOn) {
  public static final Gate DEFAULT = new Gate(Severity.LOW);

  public boolean fails(Finding finding) {
    return finding.status() == Status.FAIL && finding.severity().ordinal() <= failOn.ordinal();
  }

  public boolean fails(JsonNode finding) {
    return "FAIL".equals(finding.path("status").asText())
        && Severity.valueOf(finding.path("severity").asText()).ordinal() <= failOn.ordinal();
  }
}
