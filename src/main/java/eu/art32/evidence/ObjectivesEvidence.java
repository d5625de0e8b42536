package eu.art32.evidence;

import eu.art32.config.Objectives;

/**
 * The objectives a pair was judged against, as numbers, so a report can set each achieved figure
 * beside its objective in any language.
 */
public record ObjectivesEvidence(
    long rpoMs,
    long rtoMs,
    long latencyMs,
    int latencyPercentile,
    long lagMs,
    long backupAgeMs,
    long restoreRtoMs,
    long drillIntervalDays) {
  public static ObjectivesEvidence of(Objectives o) {
    return new ObjectivesEvidence(
        o.rpo().toMillis(),
        o.rto().toMillis(),
        o.latency().toMillis(),
        o.latencyPercentile(),
        o.lag().toMillis(),
        o.backupAge().toMillis(),
        o.restoreRto().toMillis(),
        o.drillInterval().toDays());
  }
}
