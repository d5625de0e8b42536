package eu.art32;

/**
 * The one unchecked root of every failure art32 reports to a person. Each subclass carries the exit
 * code the CLI returns for it; the message is a single line that names what failed and where.
 */
public class Art32Exception extends RuntimeException {
  private final ExitCode exitCode;

  public Art32Exception(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public Art32Exception(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
