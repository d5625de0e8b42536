package eu.art32.evidence;

import java.util.List;

/**
 * What became of one waiver in a run: APPLIED (it turned FAIL or WARN findings into WAIVED),
 * EXPIRED (it matched findings but its date has passed, so they count), or UNMATCHED (no finding of
 * this run carries its id on its pair: clean it up). {@code matched} names pair/finding.
 */
public record WaiverEvidence(
    String finding,
    String pair,
    String justification,
    String approver,
    String expires,
    String source,
    String state,
    List<String> matched) {
  public WaiverEvidence {
    matched = List.copyOf(matched);
  }
}
