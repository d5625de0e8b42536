package eu.art32;

/** The command line or a file given to it is wrong. Exit code 2. */
public class UsageException extends Art32Exception {
  public UsageException(String message) {
    super(ExitCode.USAGE, message);
  }
}
