package eu.art32.drill;

import eu.art32.Art32Exception;
import eu.art32.ExitCode;

/** The drill could not put the pair back; a person must act. Carries the exact instructions. */
public final class DrillFailedException extends Art32Exception {
  private final String instructions;
  private final eu.art32.evidence.Text instructionsText;
  private final eu.art32.evidence.DrillEvidence.GtidCheck gtids;

  public DrillFailedException(String message, String instructions, Throwable cause) {
    super(ExitCode.PAIR_NOT_RESTORED, message, cause);
    this.instructions = instructions;
    this.instructionsText = null;
    this.gtids = null;
  }

  public DrillFailedException(
      String message, eu.art32.evidence.Text instructions, Throwable cause) {
    this(message, instructions, cause, null);
  }

  /** With the GTID cross-check that found what the failback would not discard. */
  public DrillFailedException(
      String message,
      eu.art32.evidence.Text instructions,
      Throwable cause,
      eu.art32.evidence.DrillEvidence.GtidCheck gtids) {
    super(ExitCode.PAIR_NOT_RESTORED, message, cause);
    this.instructions = eu.art32.evidence.Catalogue.english().say(instructions);
    this.instructionsText = instructions;
    this.gtids = gtids;
  }

  /** The instructions as a Text, null when they were given as words only. */
  public eu.art32.evidence.Text instructionsText() {
    return instructionsText;
  }

  /** The GTID cross-check when the failback stopped after it, else null. */
  public eu.art32.evidence.DrillEvidence.GtidCheck gtids() {
    return gtids;
  }

  public String instructions() {
    return instructions;
  }
}
