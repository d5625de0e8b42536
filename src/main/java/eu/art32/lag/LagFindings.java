package eu.art32.lag;

import eu.art32.evidence.Catalogue;
import eu.art32.evidence.Finding;
import eu.art32.evidence.LagEvidence;
import eu.art32.evidence.Reference;
import eu.art32.evidence.Severity;
import eu.art32.evidence.Status;
import eu.art32.evidence.Text;
import eu.art32.evidence.TimedFigure;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges a heartbeat's lag (pure: no I/O). The worst figure is the p99 or, when rows never arrived,
 * the age the oldest reached; a figure the busy art32 host may have inflated is unconfirmed (WARN),
 * never a FAIL, unless even its undistorted lower bound exceeds the objective. The server's own lag
 * column must agree with the heartbeat to within a second.
 */
public final class LagFindings {
  private final List<Reference> references;

  public LagFindings(List<Reference> references) {
    this.references = List.copyOf(references);
  }

  /**
   * LAG-HEARTBEAT against the lag objective (ms), LAG-SERVER-FIGURE for the server's own figure;
   * {@code lag} null: the heartbeat did not run, for the reason {@code notRun}.
   */
  public List<Finding> judge(long objective, LagEvidence lag, String notRun) {
    Text expected = Text.of("lag.expected", objective);
    if (lag == null) {
      return List.of(
          lagFinding(
              "LAG-HEARTBEAT",
              "Replication lag within the objective (heartbeat)",
              Status.NOT_ASSESSED,
              Text.of("notAssessed", notRun),
              expected));
    }
    Double p99 = lag.stats().p99();
    TimedFigure figure = lag.worst();
    double worst = figure.measured();
    Status status =
        lag.stats().count() == 0 && lag.unseen() == 0
            ? Status.NOT_ASSESSED
            : figure.against(objective, true);
    List<Text> parts = new ArrayList<>();
    parts.add(
        Text.of(
            "lag.measured",
            lag.written(),
            lag.intervalMs(),
            lag.windowMs(),
            Text.value(lag.stats().p50()),
            Text.value(p99),
            Text.value(lag.stats().max())));
    if (lag.unseen() > 0) {
      parts.add(Text.of("lag.unseen", lag.unseen(), Text.value(lag.unseenMinMs())));
    }
    if (figure.distorted() && status != Status.NOT_ASSESSED) {
      parts.add(Text.of("lag.atLeast", figure.undistorted()));
    }
    if (status == Status.WARN && lag.host() != null) {
      parts.add(Text.of("sep.semicolon"));
      parts.add(lag.host().text());
    }
    Text measured = Text.concat(parts.toArray());
    Text observed =
        status == Status.WARN ? TimedFigure.unconfirmed("lag", "objective", measured) : measured;
    List<Finding> findings = new ArrayList<>();
    findings.add(
        lagFinding(
            "LAG-HEARTBEAT",
            "Replication lag within the objective (heartbeat)",
            status,
            observed,
            expected));
    LagEvidence.ServerFigure server = lag.server();
    Text serverExpected = Text.of("lag.server.expected", server.column());
    if (server.samples() == 0) {
      findings.add(
          lagFinding(
              "LAG-SERVER-FIGURE",
              "Server-reported lag agrees with the heartbeat",
              Status.NOT_ASSESSED,
              Text.of("lag.server.notRead"),
              serverExpected));
    } else {
      double heartbeatMax = Math.max(lag.stats().max() == null ? 0 : lag.stats().max(), worst);
      // the heartbeat's max as at least (however late art32 polled): only that can show the
      // server's figure too low; the measured max, only too high
      double heartbeatMaxAtLeast =
          Math.max(
              lag.undistorted().max() == null ? 0 : lag.undistorted().max(), figure.undistorted());
      Long reported = server.maxSeconds();
      boolean agree =
          reported == null
              ? false
              : heartbeatMaxAtLeast <= (reported + 1) * 1000.0
                  && reported * 1000.0 <= heartbeatMax + 1000;
      findings.add(
          lagFinding(
              "LAG-SERVER-FIGURE",
              "Server-reported lag agrees with the heartbeat",
              agree ? Status.PASS : Status.WARN,
              Text.of(
                  "lag.server.observed",
                  server.column(),
                  reported == null ? "NULL" : Text.of("seconds", reported),
                  server.samples(),
                  server.nulls(),
                  Math.round(heartbeatMax)),
              serverExpected));
    }
    return findings;
  }

  private Finding lagFinding(String id, String title, Status status, Text observed, Text expected) {
    return Finding.said(
        id,
        title,
        "lag",
        Severity.MEDIUM,
        status,
        observed,
        expected,
        "Lag is how much acknowledged data the DR copy lacks at any moment; Seconds_Behind_Master"
            + " reads 0 while the IO thread is behind, so art32 measures it with its own heartbeat"
            + " row (Art. 32(1)(b)).",
        status == Status.FAIL || status == Status.WARN ? Catalogue.english().word("fix.lag") : "",
        references);
  }
}
