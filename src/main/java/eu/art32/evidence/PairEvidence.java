package eu.art32.evidence;

import java.util.List;
import java.util.Objects;

/**
 * The result for one pair: its nodes, its findings (every rule and every objective area, with
 * NOT_ASSESSED where nothing was measured), the failover drill when one ran, and the error that
 * stopped the run for this pair. The network path comes last: evidence written before it had none.
 */
public record PairEvidence(
    String name,
    String environment,
    List<NodeEvidence> nodes,
    List<Finding> findings,
    DrillEvidence drill,
    LatencyEvidence latency,
    ResidencyEvidence residency,
    MirrorEvidence mirror,
    LagEvidence lag,
    ConsistencyEvidence consistency,
    BackupEvidence backup,
    String error,
    ObjectivesEvidence objectives,
    PathEvidence path,
    HostsEvidence hosts) {
  /** Without the objectives (evidence written before they were recorded). */
  public PairEvidence(
      String name,
      String environment,
      List<NodeEvidence> nodes,
      List<Finding> findings,
      DrillEvidence drill,
      LatencyEvidence latency,
      ResidencyEvidence residency,
      MirrorEvidence mirror,
      LagEvidence lag,
      ConsistencyEvidence consistency,
      BackupEvidence backup,
      String error) {
    this(
        name,
        environment,
        nodes,
        findings,
        drill,
        latency,
        residency,
        mirror,
        lag,
        consistency,
        backup,
        error,
        null,
        null,
        null);
  }

  public PairEvidence {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(environment, "environment");
    nodes = List.copyOf(nodes);
    findings = List.copyOf(findings);
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
