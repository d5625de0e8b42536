package eu.art32;

/** Exit codes of the art32 command line, documented in the README. */
public enum ExitCode {
  OK(0, "all objectives met"),
  FINDINGS_FAILED(1, "findings failed the gate"),
  USAGE(2, "usage or configuration error"),
  ENVIRONMENT(3, "environment unreachable or unusable (database, geo-IP file, tool missing)"),
  PAIR_NOT_RESTORED(4, "a drill could not restore the pair; a person must act"),
  INTERNAL(70, "internal error");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }
}
