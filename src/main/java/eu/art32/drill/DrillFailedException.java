package eu.art32.drill;

import eu.art32.Art32Exception;
import eu.art32.ExitCode;

/** The drill could not put the pair back; a person must act. Carries the exact instructions. */
public final class DrillFailedException extends Art32Exception {
  private final String instructions;

  public DrillFailedException(String message, String instructions, Throwable cause) {
    super(ExitCode.PAIR_NOT_RESTORED, message, cause);
    this.instructions = instructions;
  }

  public String instructions() {
    return instructions;
  }
}
