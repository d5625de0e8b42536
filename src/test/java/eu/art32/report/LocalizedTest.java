package eu.art32.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.art32.evidence.Finding;
import eu.art32.evidence.Severity;
import eu.art32.evidence.Status;
import eu.art32.evidence.Text;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalizedTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode run(Finding finding) {
    ObjectNode tree = JSON.createObjectNode();
    tree.putArray("pairs").addObject().putArray("findings").add(JSON.valueToTree(finding));
    return tree;
  }

  private static Finding rpo(long lost) {
    return Finding.said(
        "DRILL-RPO",
        "Recovery point achieved in the drill",
        "rpo",
        Severity.HIGH,
        Status.PASS,
        Text.concat(
            Text.of("drill.rpo.lost", lost, 4086),
            Text.of("drill.rpo.window", 12.5),
            Text.of("waiver.expired", "2026-11-25", "TLS arrives in Q1")),
        Text.of("drill.rpo.expected", 1000),
        "",
        "",
        List.of());
  }

  @Test
  void aFindingsWordsAreSaidAgainInTheReportsLanguageFromWhatEvidenceJsonHolds() throws Exception {
    Finding finding = rpo(1726);
    assertThat(finding.observed())
        .isEqualTo(
            "1726 of 4086 acknowledged canary commits lost; loss window 12.5 ms"
                + " [waiver expired 2026-11-25: TLS arrives in Q1]");
    // through evidence.json and back, as `art32 report --from` reads it
    ObjectNode tree = (ObjectNode) JSON.readTree(JSON.writeValueAsString(run(finding)));

    ObjectNode nb = Localized.of(tree, "nb");

    var shown = nb.path("pairs").path(0).path("findings").path(0);
    assertThat(shown.path("observed").asText())
        .isEqualTo(
            "1726 av 4086 bekreftede kanari-skrivinger tapt; tapsvindu 12,5 ms"
                + " [unntaket utløp 2026-11-25: TLS arrives in Q1]");
    assertThat(shown.path("expected").asText()).isEqualTo("tapsvindu <= 1000 ms");
    assertThat(tree.path("pairs").path(0).path("findings").path(0).path("observed").asText())
        .as("the evidence itself is not changed")
        .isEqualTo(finding.observed());
    assertThat(Localized.of(tree, "en").path("pairs").path(0).path("findings").path(0))
        .as("in English the recorded words")
        .isEqualTo(tree.path("pairs").path(0).path("findings").path(0));
  }

  @Test
  void wordsThatTheBundlesNoLongerSayAsRecordedStandAsRecorded() throws Exception {
    ObjectNode tree = run(rpo(3));
    ObjectNode finding = (ObjectNode) tree.path("pairs").path(0).path("findings").path(0);
    finding.put("observed", "3 of 4086 commits lost (art32 0.9 words)");
    ((ObjectNode) finding.path("expectedText")).put("key", "no.such.key");

    var shown = Localized.of(tree, "nb").path("pairs").path(0).path("findings").path(0);

    assertThat(shown.path("observed").asText())
        .isEqualTo("3 of 4086 commits lost (art32 0.9 words)");
    assertThat(shown.path("expected").asText()).isEqualTo("data-loss window <= 1000 ms");
  }

  /**
   * The drill's own account (fault, timeline details, fencing, failback and its actions) is
   * recorded with its Texts wherever it sits in a pair, and said again in the report's language;
   * verbatim details (a step's name) stay as they are.
   */
  @Test
  void theDrillsOwnAccountIsSaidAgainWhereverItSits() throws Exception {
    var fencing =
        eu.art32.evidence.DrillEvidence.Fencing.of(
            "at promotion",
            true,
            Text.of("drill.fencing.readBack", "db1:3306", "SET GLOBAL read_only = ON"));
    Text fault = Text.of("drill.fault.kill", "4711");
    Text roles = Text.of("drill.failback.original", "db1:3306", "db2:3306");
    Text action = Text.of("drill.act.sql", Text.word("role.primary", "primary"), "START SLAVE");
    var english = eu.art32.evidence.Catalogue.english();
    ObjectNode tree = JSON.createObjectNode();
    ObjectNode drill = tree.putArray("pairs").addObject().putObject("drill");
    drill.put("faultDetail", english.say(fault)).set("faultDetailText", JSON.valueToTree(fault));
    drill
        .putArray("timeline")
        .add(
            JSON.valueToTree(
                new eu.art32.evidence.DrillEvidence.Event(
                    "step ok", "stop replication", null, null, 1.5)));
    drill.set("fencing", JSON.valueToTree(fencing));
    ObjectNode failback = drill.putObject("failback");
    failback.put("detail", english.say(roles)).set("detailText", JSON.valueToTree(roles));
    failback.putArray("actions").add(english.say(action));
    failback.putArray("actionTexts").add(JSON.valueToTree(action));
    tree = (ObjectNode) JSON.readTree(JSON.writeValueAsString(tree));
    assertThat(drill.path("faultDetail").asText())
        .isEqualTo("SIGKILL to server process 4711 (kill -KILL 4711)");

    var shown = Localized.of(tree, "nb").path("pairs").path(0).path("drill");

    assertThat(shown.path("faultDetail").asText())
        .isEqualTo("SIGKILL til serverprosess 4711 (kill -KILL 4711)");
    assertThat(shown.path("fencing").path("detail").asText())
        .isEqualTo("gammel primær db1:3306: SET GLOBAL read_only = ON; read_only=ON lest tilbake");
    assertThat(shown.path("failback").path("detail").asText())
        .isEqualTo("opprinnelige roller: db1:3306 er primær, db2:3306 replikerer fra den");
    assertThat(shown.path("failback").path("actions").path(0).asText())
        .isEqualTo("primær: START SLAVE");
    assertThat(shown.path("timeline").path(0).path("detail").asText())
        .as("a verbatim detail")
        .isEqualTo("stop replication");
  }
}
