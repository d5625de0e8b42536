package eu.art32.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A pair's area evidence is written under each kind's key and read back into its record. */
class PairEvidenceTest {
  private static final HostsEvidence HOSTS =
      new HostsEvidence(
          List.of(
              new HostsEvidence.Host(
                  "primary",
                  "db1",
                  "here",
                  Text.of("hosts.from.here"),
                  "vm",
                  "kvm",
                  "none",
                  true,
                  "0::/",
                  "6.1.0",
                  4,
                  8000L,
                  "b0",
                  0.5,
                  2000L,
                  null,
                  null)));

  private static RunEvidence run(PairEvidence pair) {
    RunEvidence base = eu.art32.report.ReportWriterTest.fixture("shop", null);
    return new RunEvidence(
        base.schema(),
        base.tool(),
        base.toolVersion(),
        base.rulesVersion(),
        base.runId(),
        base.command(),
        base.operator(),
        base.startedAt(),
        base.endedAt(),
        base.configFile(),
        base.configDigest(),
        base.areas(),
        List.of(pair),
        base.waivers(),
        base.controller());
  }

  @Test
  void areaEvidenceIsWrittenUnderItsKeyAndReadBackTyped() {
    RunEvidence base = eu.art32.report.ReportWriterTest.fixture("shop", null);
    PairEvidence pair =
        new PairEvidence(
            "shop",
            "staging",
            base.pairs().get(0).nodes(),
            base.pairs().get(0).findings(),
            null,
            null,
            Map.of(EvidenceKind.HOSTS.key(), HOSTS));
    ObjectNode tree = EvidenceJson.toTree(run(pair));
    ObjectNode written = (ObjectNode) tree.get("pairs").get(0);
    assertThat(written.get("hosts").get("nodes").get(0).get("vm").asText()).isEqualTo("kvm");
    assertThat(written.get("path").isNull()).as("no evidence of a kind: null").isTrue();
    assertThat(written.has("evidence")).isFalse();

    PairEvidence read = EvidenceJson.read(tree).pairs().get(0);
    assertThat(read.evidence(EvidenceKind.HOSTS)).isEqualTo(HOSTS);
    assertThat(read.evidence(EvidenceKind.PATH)).isNull();
    assertThat(read.evidence())
        .as("verdict, areas and totals that evidence.json adds are not evidence")
        .containsOnlyKeys("hosts");
    assertThat(read).isEqualTo(pair);
  }

  @Test
  void evidenceOfTheWrongShapeIsRefusedWithItsKey() {
    ObjectNode tree =
        EvidenceJson.toTree(
            run(eu.art32.report.ReportWriterTest.fixture("shop", null).pairs().get(0)));
    ((ObjectNode) tree.get("pairs").get(0)).putObject("hosts").put("nodes", "not a list");
    assertThatThrownBy(() -> EvidenceJson.read(tree))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hosts");
    assertThatThrownBy(
            () ->
                new PairEvidence(
                    "shop",
                    "staging",
                    List.of(),
                    List.of(),
                    null,
                    null,
                    Map.of(EvidenceKind.PATH.key(), HOSTS)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("path");
  }
}
