package eu.art32.audit;

import eu.art32.ExitCode;
import eu.art32.evidence.PairEvidence;
import eu.art32.evidence.RunEvidence;
import java.nio.file.Path;
import java.util.Objects;

/** What an audit produced: the evidence, where it was written, and the exit code it earns. */
public record AuditResult(RunEvidence evidence, Path evidenceJson, Path html, Path pdf) {
  public AuditResult {
    Objects.requireNonNull(evidence, "evidence");
  }

  /** 3 when a pair could not be read, else 1 when a finding failed, else 0. */
  public ExitCode exitCode() {
    if (evidence.pairs().stream().anyMatch(p -> !p.complete())) {
      return ExitCode.ENVIRONMENT;
    }
    return evidence.pairs().stream().anyMatch(PairEvidence::failed)
        ? ExitCode.FINDINGS_FAILED
        : ExitCode.OK;
  }
}
