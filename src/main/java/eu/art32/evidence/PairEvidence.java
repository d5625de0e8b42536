package eu.art32.evidence;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import eu.art32.Art32Exception;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result for one pair: its nodes, its findings (every rule and every objective area, with
 * NOT_ASSESSED where nothing was measured), the error that stopped the run for this pair, its
 * objectives, and the evidence its areas recorded (the drill when one ran, the latency series, the
 * network path...), each under its {@link EvidenceKind}'s key in evidence.json (null there for a
 * kind the pair has none of). Keys no kind knows (the verdicts evidence.json adds) are dropped on
 * reading.
 */
@JsonPropertyOrder({"name", "environment", "nodes", "findings", "error", "objectives"})
public record PairEvidence(
    String name,
    String environment,
    List<NodeEvidence> nodes,
    List<Finding> findings,
    String error,
    ObjectivesEvidence objectives,
    @JsonAnySetter @JsonIgnore Map<String, Object> evidence) {
  private static final ObjectMapper READER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public PairEvidence {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(environment, "environment");
    nodes = List.copyOf(nodes);
    findings = List.copyOf(findings);
    Map<String, Object> typed = new LinkedHashMap<>();
    if (evidence != null) {
      for (EvidenceKind<?> kind : EvidenceKind.ALL) {
        Object value = evidence.get(kind.key());
        if (value != null) {
          typed.put(kind.key(), typed(kind, value));
        }
      }
    }
    evidence = Collections.unmodifiableMap(typed);
  }

  /** A pair without area evidence (one that could not be read, or a test's). */
  public PairEvidence(
      String name,
      String environment,
      List<NodeEvidence> nodes,
      List<Finding> findings,
      String error,
      ObjectivesEvidence objectives) {
    this(name, environment, nodes, findings, error, objectives, Map.of());
  }

  /** The evidence of one kind, or null when the pair has none. */
  public <E> E evidence(EvidenceKind<E> kind) {
    return kind.type().cast(evidence.get(kind.key()));
  }

  /** The same pair with other findings (waivers applied), its evidence kept. */
  public PairEvidence withFindings(List<Finding> other) {
    return new PairEvidence(name, environment, nodes, other, error, objectives, evidence);
  }

  /**
   * The evidence as evidence.json writes it: every kind's key, null where the pair has none, so the
   * file has one shape whatever was measured.
   */
  @JsonAnyGetter
  Map<String, Object> written() {
    Map<String, Object> all = new LinkedHashMap<>();
    EvidenceKind.ALL.forEach(kind -> all.put(kind.key(), evidence.get(kind.key())));
    return all;
  }

  private static Object typed(EvidenceKind<?> kind, Object value) {
    if (kind.type().isInstance(value)) {
      return value;
    }
    try {
      return READER.convertValue(value, kind.type());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          kind.key() + ": " + Art32Exception.firstLine(e.getMessage()), e);
    }
  }

  public boolean failed() {
    return findings.stream().anyMatch(Finding::failed);
  }

  /** FAIL on any failed finding, NOT_ASSESSED when the pair could not be read, then WARN, PASS. */
  public Status verdict() {
    if (failed()) {
      return Status.FAIL;
    }
    if (!complete()) {
      return Status.NOT_ASSESSED;
    }
    return count(Status.WARN) > 0 ? Status.WARN : Status.PASS;
  }

  public boolean complete() {
    return error == null;
  }

  /**
   * The verdict for one objective area: FAIL or WARN when any finding says so, NOT_ASSESSED when no
   * finding of the area was assessed, PASS otherwise.
   */
  public Status status(String area) {
    List<Status> statuses =
        findings.stream().filter(f -> f.area().equals(area)).map(Finding::status).toList();
    if (statuses.contains(Status.FAIL)) {
      return Status.FAIL;
    }
    if (statuses.contains(Status.WARN)) {
      return Status.WARN;
    }
    if (statuses.stream().allMatch(s -> s == Status.NOT_ASSESSED)) {
      return Status.NOT_ASSESSED;
    }
    return statuses.contains(Status.PASS) ? Status.PASS : Status.WAIVED;
  }

  public long count(Status status) {
    return findings.stream().filter(f -> f.status() == status).count();
  }
}
