package eu.art32;

/** Something outside art32 cannot be reached or used: a server, a file, a tool. Exit code 3. */
public class EnvironmentException extends Art32Exception {
  public EnvironmentException(String message) {
    super(ExitCode.ENVIRONMENT, message);
  }

  public EnvironmentException(String message, Throwable cause) {
    super(ExitCode.ENVIRONMENT, message, cause);
  }
}
