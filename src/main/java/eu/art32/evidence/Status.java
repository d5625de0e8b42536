package eu.art32.evidence;

/** The verdict on one finding or objective. */
public enum Status {
  PASS,
  FAIL,
  WARN,
  WAIVED,
  NOT_ASSESSED;

  /** Whether this status fails a gate. */
  public boolean failsGate() {
    return this == FAIL;
  }
}
