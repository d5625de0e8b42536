package eu.art32.path;

import static org.assertj.core.api.Assertions.assertThat;

import eu.art32.evidence.Catalogue;
import eu.art32.evidence.Finding;
import eu.art32.evidence.PathEvidence;
import eu.art32.evidence.Status;
import eu.art32.evidence.Text;
import eu.art32.rules.ResidencyRules;
import eu.art32.rules.Resources;
import eu.art32.rules.RuleBook;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathFindingsTest {
  private static final RuleBook RULES = RuleBook.load(new Resources("rules", null));

  private static PathFindings judge(ResidencyRules.Policy policy) {
    return new PathFindings(RULES.residency(), policy, RULES.area("path").references());
  }

  private static PathEvidence.Hop located(int ttl, String address, String country, double rtt) {
    return new PathEvidence.Hop(
        ttl,
        address,
        "public",
        rtt,
        null,
        country,
        country.equals("GB") ? "London" : null,
        country.equals("GB") ? 5459L : null,
        country.equals("GB") ? "LINX" : null,
        address + "/32",
        judge(ResidencyRules.Policy.EEA).verdict(country));
  }

  private static PathEvidence.Hop other(int ttl, String address, String kind, String verdict) {
    return new PathEvidence.Hop(
        ttl,
        address,
        kind,
        address == null ? null : 0.5,
        null,
        null,
        null,
        null,
        null,
        null,
        verdict);
  }

  private static PathEvidence.Route route(boolean reached, PathEvidence.Hop... hops) {
    return new PathEvidence.Route(
        "DR",
        "db2.example.no",
        3306,
        "192.0.2.10",
        "this host (the primary's)",
        Text.of("path.here"),
        reached,
        List.of(hops),
        null,
        null);
  }

  @Test
  void aRouteThroughLondonFailsNamingTheHopItsCountryNetworkAndAs() {
    Finding f =
        judge(ResidencyRules.Policy.EEA)
            .judge(
                route(
                    true,
                    located(1, "198.51.100.1", "NO", 0.2),
                    located(2, "203.0.113.1", "GB", 11.0),
                    located(3, "192.0.2.10", "NO", 22.5)));
    assertThat(f.id()).isEqualTo("PATH-RESIDENCY");
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.observed())
        .contains("hop 2 203.0.113.1 is located in GB, London, 203.0.113.1/32, AS5459 LINX")
        .contains("OUTSIDE the allowed area (policy eea)")
        .contains("3 hop(s), 3 located in NO, GB")
        .contains(
            "round trip 22.5 ms at the last hop that answered, the largest step +11.5 ms at hop 3");
    assertThat(f.remediation()).isEqualTo(Catalogue.english().word("fix.path.outside"));
  }

  @Test
  void underEeaPlusAdequacyAnUnscopedDecisionPassesAScopedOneWarnsAndNoneFails() {
    PathFindings adequacy = judge(ResidencyRules.Policy.EEA_ADEQUACY);
    assertThat(adequacy.verdict("CH")).isEqualTo(PathFindings.ADEQUACY);
    assertThat(adequacy.verdict("GB")).isEqualTo(PathFindings.SCOPED);
    assertThat(adequacy.verdict("CN")).isEqualTo(PathFindings.OUTSIDE);
    assertThat(judge(ResidencyRules.Policy.EEA).verdict("CH")).isEqualTo(PathFindings.OUTSIDE);
    java.util.function.Function<String, Finding> via =
        country ->
            adequacy.judge(
                route(
                    true,
                    located(1, "198.51.100.1", "NO", 0.2),
                    new PathEvidence.Hop(
                        2,
                        "203.0.113.1",
                        "public",
                        11.0,
                        null,
                        country,
                        null,
                        null,
                        null,
                        null,
                        adequacy.verdict(country)),
                    located(3, "192.0.2.10", "NO", 22)));
    assertThat(via.apply("CH").status()).isEqualTo(Status.PASS);
    Finding london = via.apply("GB");
    assertThat(london.status()).isEqualTo(Status.WARN);
    assertThat(london.observed())
        .contains("hop 2 203.0.113.1 is located in GB")
        .contains("(EU) 2021/1772");
    assertThat(via.apply("CN").status()).isEqualTo(Status.FAIL);
  }

  @Test
  void silentUnlocatedAndTransitPrivateHopsWarnButPrivateHopsAtTheEndsDoNot() {
    PathFindings eea = judge(ResidencyRules.Policy.EEA);
    Finding ends =
        eea.judge(
            route(
                true,
                other(1, "10.0.0.1", "private (RFC 1918)", PathFindings.PRIVATE),
                located(2, "198.51.100.1", "NO", 0.4),
                located(3, "192.0.2.10", "NO", 0.9)));
    assertThat(ends.status()).as(ends.observed()).isEqualTo(Status.PASS);
    assertThat(ends.observed()).contains("1 private");

    Finding transit =
        eea.judge(
            route(
                true,
                located(1, "198.51.100.1", "NO", 0.4),
                other(2, "10.9.0.1", "private (RFC 1918)", PathFindings.PRIVATE),
                located(3, "192.0.2.10", "NO", 0.9)));
    assertThat(transit.status()).isEqualTo(Status.WARN);
    assertThat(transit.observed())
        .contains("private hop(s) between public hops")
        .contains("2 10.9.0.1");

    Finding silent =
        eea.judge(
            route(
                true,
                located(1, "198.51.100.1", "NO", 0.4),
                other(2, null, null, PathFindings.NO_ANSWER),
                other(3, "198.51.100.77", "public", PathFindings.UNLOCATED),
                located(4, "192.0.2.10", "NO", 0.9)));
    assertThat(silent.status()).isEqualTo(Status.WARN);
    assertThat(silent.observed())
        .contains("hop(s) 2 did not answer")
        .contains("public hop(s) not in the geo-IP database: 3 198.51.100.77")
        .contains("1 without an answer");
    assertThat(silent.remediation()).isEqualTo(Catalogue.english().word("fix.path.doubt"));
  }

  @Test
  void aTraceThatStopsShortWarnsAndNoTraceIsNotAssessedWithTheReason() {
    PathFindings eea = judge(ResidencyRules.Policy.EEA);
    Finding shortTrace = eea.judge(route(false, located(1, "198.51.100.1", "NO", 0.4)));
    assertThat(shortTrace.status()).isEqualTo(Status.WARN);
    assertThat(shortTrace.observed())
        .contains("the trace did not reach 192.0.2.10 (1 hop(s) traced)");

    Text why = Text.of("path.why.notHere", "db1.example.no");
    Finding none =
        eea.judge(
            new PathEvidence.Route(
                "mirror target",
                "files.example.no",
                22,
                "192.0.2.20",
                "nowhere",
                Text.of("path.nowhere"),
                false,
                List.of(),
                Catalogue.english().say(why),
                why));
    assertThat(none.id()).isEqualTo("PATH-MIRROR");
    assertThat(none.status()).isEqualTo(Status.NOT_ASSESSED);
    assertThat(none.observed())
        .isEqualTo(
            "not assessed: no route to files.example.no:22 was traced: art32 does not run on the"
                + " primary's host (db1.example.no) and the pair sets no path.command");
  }

  @Test
  void aRouteOfPrivateHopsOnlyCannotBeLocatedButANeighbourOnTheSameLinkPasses() {
    PathFindings eea = judge(ResidencyRules.Policy.EEA);
    List<PathEvidence.Hop> hops = new ArrayList<>();
    hops.add(other(1, "10.0.0.1", "private (RFC 1918)", PathFindings.PRIVATE));
    hops.add(other(2, "10.0.1.2", "private (RFC 1918)", PathFindings.PRIVATE));
    Finding wan = eea.judge(route(true, hops.toArray(PathEvidence.Hop[]::new)));
    assertThat(wan.status()).isEqualTo(Status.WARN);
    assertThat(wan.observed()).contains("none of the 2 hops has a public address");
    Finding neighbour =
        eea.judge(route(true, other(1, "10.0.0.2", "private (RFC 1918)", PathFindings.PRIVATE)));
    assertThat(neighbour.status()).isEqualTo(Status.PASS);
  }
}
