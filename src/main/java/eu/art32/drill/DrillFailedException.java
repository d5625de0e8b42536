package eu.art32.drill;

import eu.art32.Art32Exception;
import eu.art32.ExitCode;

/** The drill could not put the pair back; a person must act. Carries the exact instructions. */
public final class DrillFailedException extends Art32Exception {
  private final String instructions;
  private final eu.art32.evidence.DrillEvidence.GtidCheck gtids;

  public DrillFailedException(String message, String instructions, Throwable cause) {
    this(message, instructions, cause, null);
  }

  /** With the GTID cross-check that found what the failback would not discard. */
  public DrillFailedException(
      String message,
      String instructions,
      Throwable cause,
      eu.art32.evidence.DrillEvidence.GtidCheck gtids) {
    super(ExitCode.PAIR_NOT_RESTORED, message, cause);
    this.instructions = instructions;
    this.gtids = gtids;
  }

  /** The GTID cross-check when the failback stopped after it, else null. */
  public eu.art32.evidence.DrillEvidence.GtidCheck gtids() {
    return gtids;
  }

  public String instructions() {
    return instructions;
  }
}
