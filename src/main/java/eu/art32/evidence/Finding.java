package eu.art32.evidence;

import java.util.List;
import java.util.Objects;

/**
 * One checked (or deliberately not checked) statement about a pair, with what was seen, what was
 * expected, why it matters, how to fix it and which articles it serves.
 */
public record Finding(
    String id,
    String title,
    String area,
    Severity severity,
    Status status,
    String observed,
    String expected,
    String rationale,
    String remediation,
    List<Reference> references) {
  public Finding {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(area, "area");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(observed, "observed");
    Objects.requireNonNull(expected, "expected");
    rationale = rationale == null ? "" : rationale;
    remediation = remediation == null ? "" : remediation;
    references = List.copyOf(references);
  }

  public boolean failed() {
    return status.failsGate();
  }
}
