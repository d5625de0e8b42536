package eu.art32.evidence;

import com.fasterxml.jackson.annotation.JsonInclude;
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
    List<Reference> references,
    @JsonInclude(JsonInclude.Include.NON_NULL) Text observedText,
    @JsonInclude(JsonInclude.Include.NON_NULL) Text expectedText) {
  /** A finding whose observed and expected words are recorded as written, in English only. */
  public Finding(
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
    this(
        id,
        title,
        area,
        severity,
        status,
        observed,
        expected,
        rationale,
        remediation,
        references,
        null,
        null);
  }

  /**
   * A finding whose observed and expected words come from the message bundles: recorded in English,
   * and with their keys and values, so a report says them in its own language.
   */
  public static Finding said(
      String id,
      String title,
      String area,
      Severity severity,
      Status status,
      Text observed,
      Text expected,
      String rationale,
      String remediation,
      List<Reference> references) {
    Catalogue english = Catalogue.english();
    return new Finding(
        id,
        title,
        area,
        severity,
        status,
        english.say(observed),
        english.say(expected),
        rationale,
        remediation,
        references,
        observed,
        expected);
  }

  /** The same finding with other status and observed words (a waiver's), keeping its texts. */
  public Finding withStatus(Status newStatus, String newObserved, Text newObservedText) {
    return new Finding(
        id,
        title,
        area,
        severity,
        newStatus,
        newObserved,
        expected,
        rationale,
        remediation,
        references,
        newObservedText,
        expectedText);
  }

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
