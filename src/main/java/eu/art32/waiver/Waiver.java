package eu.art32.waiver;

import eu.art32.config.Location;
import java.time.LocalDate;
import java.util.Objects;

/**
 * An accepted risk: the finding it covers on one pair (or {@code *} for every pair), why, who
 * approved it, and the last day it applies.
 */
public record Waiver(
    String finding,
    String pair,
    String justification,
    String approver,
    LocalDate expires,
    Location location) {
  public Waiver {
    Objects.requireNonNull(finding, "finding");
    Objects.requireNonNull(pair, "pair");
    Objects.requireNonNull(justification, "justification");
    Objects.requireNonNull(approver, "approver");
    Objects.requireNonNull(expires, "expires");
  }

  public boolean covers(String pairName, String findingId) {
    return finding.equals(findingId) && (pair.equals("*") || pair.equals(pairName));
  }

  /** Still in force on {@code today}: it expires at the end of its last day. */
  public boolean activeOn(LocalDate today) {
    return !today.isAfter(expires);
  }
}
