package eu.art32.semisync;

import eu.art32.evidence.Catalogue;
import eu.art32.evidence.Finding;
import eu.art32.evidence.Reference;
import eu.art32.evidence.SemiSyncEvidence;
import eu.art32.evidence.Severity;
import eu.art32.evidence.Status;
import eu.art32.evidence.Text;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges semi-synchronous replication as the two nodes said it (pure: no I/O). An asynchronous pair
 * has one finding, SEMISYNC-ENABLED, which fails only when the pair's RPO objective is 0; a pair
 * whose primary waits for acknowledgements also gets the wait point (SEMISYNC-LOSSLESS), whether it
 * waits right now (SEMISYNC-STATUS) and the fallbacks to asynchronous the server counted since it
 * started (SEMISYNC-FALLBACK). A shortfall that costs acknowledged commits fails a pair whose RPO
 * is 0 and warns otherwise.
 */
public final class SemiSyncFindings {
  private static final String AREA = "semisync";
  private static final String WHY =
      "A commit the application was told is durable exists on the DR node only if the primary"
          + " waited for the DR node's acknowledgement; a semi-synchronous primary that times out"
          + " falls back to asynchronous replication without an error, and the commits it then"
          + " acknowledges are lost in a failover (Art. 32(1)(b) and (c)).";

  private final List<Reference> references;

  public SemiSyncFindings(List<Reference> references) {
    this.references = List.copyOf(references);
  }

  /** The pair could not be read: one NOT_ASSESSED finding with the reason. */
  public List<Finding> notAssessed(String reason) {
    return List.of(
        finding(
            "SEMISYNC-ENABLED",
            "Semi-synchronous replication where the RPO needs it",
            Severity.HIGH,
            Status.NOT_ASSESSED,
            Text.of("notAssessed", reason),
            Text.of("semisync.enabled.expected")));
  }

  public List<Finding> judge(Duration rpo, Duration rto, SemiSyncEvidence evidence) {
    SemiSyncEvidence.Node primary = evidence.primary();
    SemiSyncEvidence.Node replica = evidence.replica();
    boolean zero = rpo.isZero();
    List<Finding> findings = new ArrayList<>();
    boolean forward = primary.sourceEnabled() && replica.replicaEnabled();
    boolean back = replica.sourceEnabled() && primary.replicaEnabled();
    Text sides =
        Text.of(
            "semisync.sides",
            onOff(primary.sourceEnabled()),
            onOff(primary.replicaEnabled()),
            onOff(replica.sourceEnabled()),
            onOff(replica.replicaEnabled()),
            plugins(primary, replica));
    Status enabled;
    Text observed;
    if (forward && back) {
      enabled = Status.PASS;
      observed = Text.concat(Text.of("semisync.both"), sides);
    } else if (forward) {
      enabled = Status.WARN;
      observed = Text.concat(Text.of("semisync.forwardOnly"), sides);
    } else {
      enabled = zero ? Status.FAIL : Status.PASS;
      observed =
          Text.concat(
              Text.of(zero ? "semisync.asyncZero" : "semisync.async", rpo.toMillis()), sides);
    }
    findings.add(
        finding(
            "SEMISYNC-ENABLED",
            "Semi-synchronous replication where the RPO needs it",
            Severity.HIGH,
            enabled,
            observed,
            Text.of("semisync.enabled.expected")));
    if (!primary.sourceEnabled()) {
      return findings;
    }
    Status shortfall = zero ? Status.FAIL : Status.WARN;
    boolean lossless =
        "AFTER_SYNC".equalsIgnoreCase(String.valueOf(primary.waitPoint()))
            && (primary.waitForCount() == null || primary.waitForCount() >= 1);
    findings.add(
        finding(
            "SEMISYNC-LOSSLESS",
            "The primary waits before the commit is visible (lossless)",
            Severity.HIGH,
            lossless ? Status.PASS : shortfall,
            Text.of(
                "semisync.waitPoint",
                String.valueOf(primary.waitPoint()),
                primary.waitForCount() == null ? 1 : primary.waitForCount()),
            Text.of("semisync.lossless.expected")));
    boolean on = Boolean.TRUE.equals(primary.on());
    findings.add(
        finding(
            "SEMISYNC-STATUS",
            "Semi-synchronous replication is on right now",
            Severity.HIGH,
            on ? Status.PASS : shortfall,
            Text.of(
                "semisync.status",
                onOff(on),
                value(primary.clients()),
                value(primary.yesTx()),
                primary.avgWaitMicros() == null
                    ? Text.of("semisync.noWait")
                    : Text.of("semisync.avgWait", primary.avgWaitMicros())),
            Text.of("semisync.status.expected")));
    long fallbacks = primary.noTimes() == null ? 0 : primary.noTimes();
    long timeout = primary.timeoutMillis() == null ? 0 : primary.timeoutMillis();
    Status fallback =
        fallbacks == 0 ? Status.PASS : zero || timeout > rto.toMillis() ? Status.FAIL : Status.WARN;
    findings.add(
        finding(
            "SEMISYNC-FALLBACK",
            "No silent fallback to asynchronous replication",
            Severity.HIGH,
            primary.noTimes() == null ? Status.NOT_ASSESSED : fallback,
            Text.of(
                "semisync.fallbacks",
                value(primary.noTimes()),
                value(primary.noTx()),
                value(primary.uptimeSeconds()),
                timeout,
                rto.toMillis()),
            Text.of("semisync.fallback.expected")));
    return findings;
  }

  private static Text onOff(boolean on) {
    return Text.of(on ? "semisync.on" : "semisync.off");
  }

  private static Object value(Long value) {
    return value == null ? "?" : value;
  }

  /** The plugins a MySQL node lacks, said after the sides; nothing when none is missing. */
  private static Text plugins(SemiSyncEvidence.Node primary, SemiSyncEvidence.Node replica) {
    List<String> missing = new ArrayList<>();
    for (SemiSyncEvidence.Node node : List.of(primary, replica)) {
      if (node.missingPlugin() != null) {
        missing.add(node.role() + ": " + node.missingPlugin());
      }
    }
    return missing.isEmpty()
        ? Text.of("verbatim", "")
        : Text.of("semisync.missingPlugin", String.join(", ", missing));
  }

  private Finding finding(
      String id, String title, Severity severity, Status status, Text observed, Text expected) {
    return Finding.said(
        id,
        title,
        AREA,
        severity,
        status,
        observed,
        expected,
        WHY,
        status == Status.FAIL || status == Status.WARN
            ? Catalogue.english().word("fix.semisync")
            : "",
        references);
  }
}
