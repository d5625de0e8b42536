package eu.art32.drill;

import eu.art32.ExitCode;
import eu.art32.evidence.DrillEvidence;
import eu.art32.evidence.Finding;
import java.util.List;
import java.util.Objects;

/**
 * What a drill produced: its evidence (absent when pre-flight stopped it), its findings, and the
 * exit code it earns on its own (4 when the pair could not be put back, with the instructions).
 */
public record DrillOutcome(
    DrillEvidence evidence, List<Finding> findings, ExitCode exitCode, String instructions) {
  public DrillOutcome {
    Objects.requireNonNull(exitCode, "exitCode");
    findings = List.copyOf(findings);
  }

  /** Whether the pair now runs with its roles exchanged (failback: swap succeeded). */
  public boolean rolesSwapped() {
    return evidence != null
        && evidence.failback() != null
        && evidence.failback().healthy()
        && evidence.failback().rolesSwapped();
  }
}
