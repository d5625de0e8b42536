package eu.art32.drill;

import eu.art32.Art32Exception;
import eu.art32.ExitCode;
import eu.art32.evidence.Catalogue;
import eu.art32.evidence.DrillEvidence;
import eu.art32.evidence.Text;

/** The drill could not put the pair back; a person must act. Carries the exact instructions. */
public final class DrillFailedException extends Art32Exception {
  private final String instructions;
  private final Text instructionsText;
  private final DrillEvidence.GtidCheck gtids;

  public DrillFailedException(String message, String instructions, Throwable cause) {
    super(ExitCode.PAIR_NOT_RESTORED, message, cause);
    this.instructions = instructions;
    this.instructionsText = null;
    this.gtids = null;
  }

  public DrillFailedException(String message, Text instructions, Throwable cause) {
    this(message, instructions, cause, null);
  }

  /** With the GTID cross-check that found what the failback would not discard. */
  public DrillFailedException(
      String message, Text instructions, Throwable cause, DrillEvidence.GtidCheck gtids) {
    super(ExitCode.PAIR_NOT_RESTORED, message, cause);
    this.instructions = Catalogue.english().say(instructions);
    this.instructionsText = instructions;
    this.gtids = gtids;
  }

  /** The instructions as a Text, null when they were given as words only. */
  public Text instructionsText() {
    return instructionsText;
  }

  /** The GTID cross-check when the failback stopped after it, else null. */
  public DrillEvidence.GtidCheck gtids() {
    return gtids;
  }

  public String instructions() {
    return instructions;
  }
}
