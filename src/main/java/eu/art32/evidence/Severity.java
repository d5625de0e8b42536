package eu.art32.evidence;

/** How much a failed finding matters, highest first. */
public enum Severity {
  CRITICAL,
  HIGH,
  MEDIUM,
  LOW
}
