package eu.art32.evidence;

import eu.art32.config.Controller;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one run established, as written to evidence.json. Verdicts are computed here, never in
 * a template.
 */
public record RunEvidence(
    String schema,
    String tool,
    String toolVersion,
    String rulesVersion,
    String runId,
    String command,
    String operator,
    Instant startedAt,
    Instant endedAt,
    String configFile,
    String configDigest,
    List<Area> areas,
    List<PairEvidence> pairs,
    List<WaiverEvidence> waivers,
    Controller controller) {
  public static final String SCHEMA = "art32.evidence/1";

  /** A run whose config names no data controller. */
  public RunEvidence(
      String schema,
      String tool,
      String toolVersion,
      String rulesVersion,
      String runId,
      String command,
      String operator,
      Instant startedAt,
      Instant endedAt,
      String configFile,
      String configDigest,
      List<Area> areas,
      List<PairEvidence> pairs,
      List<WaiverEvidence> waivers) {
    this(
        schema,
        tool,
        toolVersion,
        rulesVersion,
        runId,
        command,
        operator,
        startedAt,
        endedAt,
        configFile,
        configDigest,
        areas,
        pairs,
        waivers,
        null);
  }

  public RunEvidence {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(endedAt, "endedAt");
    areas = List.copyOf(areas);
    pairs = List.copyOf(pairs);
    waivers = List.copyOf(waivers);
  }

  /** COMPLETE when every pair was read; INCOMPLETE when any pair stopped with an error. */
  public String completeness() {
    return pairs.stream().allMatch(PairEvidence::complete) ? "COMPLETE" : "INCOMPLETE";
  }

  /** The overall verdict: FAIL when any finding fails, NOT_ASSESSED when the run was incomplete. */
  public Status verdict() {
    if (pairs.stream().anyMatch(PairEvidence::failed)) {
      return Status.FAIL;
    }
    if (!completeness().equals("COMPLETE")) {
      return Status.NOT_ASSESSED;
    }
    return pairs.stream().anyMatch(p -> p.count(Status.WARN) > 0) ? Status.WARN : Status.PASS;
  }

  public long durationMillis() {
    return endedAt.toEpochMilli() - startedAt.toEpochMilli();
  }

  /** Counts of findings per status over all pairs, in the order of {@link Status}. */
  public Map<Status, Long> totals() {
    Map<Status, Long> totals = new EnumMap<>(Status.class);
    for (Status status : Status.values()) {
      totals.put(status, pairs.stream().mapToLong(p -> p.count(status)).sum());
    }
    return totals;
  }
}
