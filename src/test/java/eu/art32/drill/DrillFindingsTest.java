package eu.art32.drill;

import static org.assertj.core.api.Assertions.assertThat;

import eu.art32.evidence.DrillEvidence;
import eu.art32.evidence.Finding;
import eu.art32.evidence.HostNoise;
import eu.art32.evidence.Status;
import eu.art32.rules.Resources;
import eu.art32.rules.RuleBook;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrillFindingsTest {
  private static final RuleBook RULES = RuleBook.load(new Resources("rules", null));
  private static final HostNoise BUSY = new HostNoise(2, 1000, 400, 9.0, 40.0, 88.0, 4.2);

  private static Finding rto(double ms, double undistortedMs) {
    Instant at = Instant.parse("2026-12-01T10:00:00Z");
    DrillEvidence drill =
        new DrillEvidence(
            "d1",
            "kill",
            "SIGKILL",
            null,
            "built-in",
            null,
            at,
            at,
            List.of(),
            List.of(),
            null,
            new DrillEvidence.Rpo(100, 100, 0, List.of(), 0, 0, true, List.of()),
            new DrillEvidence.Rto(ms, at, List.of(), undistortedMs, BUSY),
            null,
            null,
            List.of(),
            null,
            null,
            null,
            null);
    return DrillFindings.of(drill, RULES.defaults(), RULES).stream()
        .filter(f -> f.id().equals("DRILL-RTO"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void anRtoOverTheObjectiveOnlyBecauseTheHostWasLateIsUnconfirmed() {
    long objective = RULES.defaults().rto().toMillis();

    Finding unconfirmed = rto(objective + 500, objective - 500);
    assertThat(unconfirmed.status()).isEqualTo(Status.WARN);
    assertThat(unconfirmed.observed())
        .startsWith("unconfirmed: the art32 host was busy")
        .contains("at least " + (objective - 500) + " ms", "CPU pressure 88 %", "load 4.2");
    assertThat(eu.art32.evidence.Catalogue.of("nb").say(unconfirmed.observedText()))
        .as("the same words in bokmål, with a decimal comma")
        .startsWith("ubekreftet: art32-verten var travel, så RTO kan ligge under eller over målet")
        .contains("minst " + (objective - 500) + " ms", "CPU-press 88 %", "last 4,2")
        .doesNotContain("4.2");
    assertThat(eu.art32.evidence.Catalogue.english().say(unconfirmed.expectedText()))
        .isEqualTo(unconfirmed.expected());

    assertThat(rto(objective + 500, objective + 100).status())
        .as("over the objective even without the host's late moments")
        .isEqualTo(Status.FAIL);
    assertThat(rto(objective - 1, 10).status()).isEqualTo(Status.PASS);
  }
}
