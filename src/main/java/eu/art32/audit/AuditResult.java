package eu.art32.audit;

import eu.art32.ExitCode;
import eu.art32.evidence.RunEvidence;
import eu.art32.report.Gate;
import eu.art32.report.ReportFiles;
import java.util.Objects;

/** What an audit produced: the evidence, the files written, and the exit code it earns. */
public record AuditResult(RunEvidence evidence, ReportFiles files, Gate gate) {
  public AuditResult {
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(files, "files");
    Objects.requireNonNull(gate, "gate");
  }

  /** 3 when a pair could not be read, else 1 when a finding fails the gate, else 0. */
  public ExitCode exitCode() {
    if (evidence.pairs().stream().anyMatch(p -> !p.complete())) {
      return ExitCode.ENVIRONMENT;
    }
    return evidence.pairs().stream().flatMap(p -> p.findings().stream()).anyMatch(gate::fails)
        ? ExitCode.FINDINGS_FAILED
        : ExitCode.OK;
  }
}
