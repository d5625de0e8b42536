package eu.art32;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The LAG-HEARTBEAT finding of an audit a test ran on this shared machine: a busy host may leave
 * the lag unconfirmed (WARN), never failed; and with both cores loaded a server may not answer the
 * heartbeat in time, which leaves it NOT_ASSESSED with that reason. Nothing else is accepted.
 */
public final class BusyLag {
  private static final String NOT_IN_TIME = "(?is).*(timed? ?out|within \\d+ s of the start).*";

  private BusyLag() {}

  /** Asserts the finding as above; true when the lag was measured (PASS or WARN). */
  public static boolean measured(JsonNode finding) {
    assertThat(finding).as("LAG-HEARTBEAT").isNotNull();
    String status = finding.get("status").asText();
    if (status.equals("NOT_ASSESSED") && finding.get("observed").asText().matches(NOT_IN_TIME)) {
      return false;
    }
    assertThat(status)
        .as("a busy machine may leave lag unconfirmed, never failed: %s", finding)
        .isIn("PASS", "WARN");
    return true;
  }
}
