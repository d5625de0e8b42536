package eu.art32.waiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import eu.art32.config.ConfigException;
import eu.art32.config.Problem;
import eu.art32.evidence.Finding;
import eu.art32.evidence.PairEvidence;
import eu.art32.evidence.Severity;
import eu.art32.evidence.Status;
import eu.art32.evidence.WaiverEvidence;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaiversTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 26);

  @Test
  void aWaiverInForceWaivesFailAndWarnButLeavesPassAlone() {
    List<Waiver> waivers =
        WaiverFile.parse(
            "w.yaml",
            """
            waivers:
              - finding: RESIDENCY-SEPARATION
                pair: "*"
                justification: one machine by design
                approver: Kari (DPO)
                expires: 2026-11-26
              - finding: REPL-SSL
                pair: shop
                justification: TLS arrives in Q1
                approver: Ola
                expires: 2026-11-25
              - finding: LATENCY
                pair: shop
                justification: measured fine
                approver: Ola
                expires: 2027-01-01
              - finding: GONE
                pair: crm
                justification: stale
                approver: Ola
                expires: 2027-01-01
            """);

    Waivers.Applied applied =
        Waivers.apply(
            List.of(
                pair(
                    "shop",
                    finding("RESIDENCY-SEPARATION", Status.WARN),
                    finding("REPL-SSL", Status.FAIL),
                    finding("LATENCY", Status.PASS)),
                pair("crm", finding("RESIDENCY-SEPARATION", Status.WARN))),
            waivers,
            TODAY);

    Finding shopSeparation = applied.pairs().get(0).findings().get(0);
    assertThat(shopSeparation.status()).isEqualTo(Status.WAIVED);
    assertThat(shopSeparation.observed())
        .contains(
            "[waived, was WARN: one machine by design; approved by Kari (DPO), until 2026-11-26]");
    Finding ssl = applied.pairs().get(0).findings().get(1);
    assertThat(ssl.status()).as("expired yesterday: counts again").isEqualTo(Status.FAIL);
    assertThat(ssl.observed()).endsWith("[waiver expired 2026-11-25: TLS arrives in Q1]");
    assertThat(applied.pairs().get(0).findings().get(2).status()).isEqualTo(Status.PASS);
    assertThat(applied.pairs().get(1).findings().get(0).status()).isEqualTo(Status.WAIVED);
    assertThat(applied.waivers())
        .extracting(WaiverEvidence::state)
        .containsExactly("APPLIED", "EXPIRED", "APPLIED", "UNMATCHED");
    assertThat(applied.waivers().get(0).matched())
        .containsExactly("shop/RESIDENCY-SEPARATION", "crm/RESIDENCY-SEPARATION");
    assertThat(applied.pairs().get(0).verdict()).isEqualTo(Status.FAIL);
    assertThat(applied.pairs().get(1).verdict())
        .as("only a waived WARN left")
        .isEqualTo(Status.PASS);
  }

  @Test
  void everyProblemOfTheFileIsNamedWithLineAndKey() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                WaiverFile.parse(
                    "w.yaml",
                    """
                    waivers:
                      - finding: REPL-SSL
                        pair: shop
                        justification: " "
                        approver: Ola
                        expires: next year
                      - finding: X
                        pair: shop
                        approvr: Ola
                    """));

    assertThat(e.problems().stream().map(Problem::toString).toList())
        .contains(
            "w.yaml:4:5: 'waivers[].justification' must say why",
            "w.yaml:6:5: 'waivers[].expires': expected a date YYYY-MM-DD, found 'next year'")
        .anyMatch(
            p ->
                p.startsWith("w.yaml:9:5: unknown key 'waivers[].approvr'")
                    && p.contains("approver"))
        .anyMatch(p -> p.startsWith("w.yaml:7:5: missing key 'waivers[].justification'"));
  }

  private static PairEvidence pair(String name, Finding... findings) {
    return new PairEvidence(name, "staging", List.of(), List.of(findings), null, null);
  }

  private static Finding finding(String id, Status status) {
    return new Finding(
        id, id, "replication", Severity.HIGH, status, "seen", "wanted", "", "", List.of());
  }
}
