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

  /** The first line of a library's message, trimmed: messages art32 prints are one line each. */
  public static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).trim();
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
