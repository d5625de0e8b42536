package eu.art32.path;

import eu.art32.evidence.Catalogue;
import eu.art32.evidence.Finding;
import eu.art32.evidence.PathEvidence;
import eu.art32.evidence.Reference;
import eu.art32.evidence.Severity;
import eu.art32.evidence.Status;
import eu.art32.evidence.Text;
import eu.art32.rules.ResidencyRules;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The path area's findings from traced routes, without I/O: PATH-RESIDENCY for the route to the DR
 * node and PATH-MIRROR for the route to the mirror target. A hop located outside the policy fails
 * the route, naming it; a hop in a country whose adequacy decision has a scope (under {@code
 * eea+adequacy}), an unanswered hop, a public hop the database cannot place, a private hop between
 * public ones (a carrier's network nobody can locate) or a trace that did not reach its destination
 * is a warning; private hops at either end (each site's own network) are counted and shown, not
 * judged.
 */
public final class PathFindings {
  /** A hop's verdict, as evidence.json records it. */
  public static final String INSIDE = "inside";

  public static final String ADEQUACY = "adequacy";
  public static final String SCOPED = "scoped adequacy";
  public static final String OUTSIDE = "outside";
  public static final String UNLOCATED = "unlocated";
  public static final String PRIVATE = "private";
  public static final String NO_ANSWER = "no answer";

  private final ResidencyRules residency;
  private final ResidencyRules.Policy policy;
  private final List<Reference> references;

  public PathFindings(
      ResidencyRules residency, ResidencyRules.Policy policy, List<Reference> references) {
    this.residency = residency;
    this.policy = policy;
    this.references = List.copyOf(references);
  }

  /** The verdict on a public hop geo-IP placed in {@code country}. */
  public String verdict(String country) {
    if (residency.inEea(country)) {
      return INSIDE;
    }
    var adequacy = residency.adequacy(country);
    if (policy == ResidencyRules.Policy.EEA_ADEQUACY && adequacy.isPresent()) {
      return adequacy.get().scope() == null ? ADEQUACY : SCOPED;
    }
    return OUTSIDE;
  }

  /** One finding per route. */
  public List<Finding> judge(List<PathEvidence.Route> routes) {
    List<Finding> findings = new ArrayList<>();
    for (PathEvidence.Route route : routes) {
      findings.add(judge(route));
    }
    return findings;
  }

  Finding judge(PathEvidence.Route route) {
    boolean mirror = !route.role().equals("DR");
    String id = mirror ? "PATH-MIRROR" : "PATH-RESIDENCY";
    Text expected = Text.of("path.expected", residency.allowed(policy));
    if (route.error() != null) {
      return finding(
          id,
          mirror,
          Status.NOT_ASSESSED,
          Text.of(
              "notAssessed",
              Text.of(
                  "path.noTrace",
                  route.host() + ":" + route.port(),
                  route.errorText() == null
                      ? Text.of("verbatim", route.error())
                      : route.errorText())),
          expected);
    }
    List<PathEvidence.Hop> hops = route.hops();
    int firstPublic = -1;
    int lastPublic = -1;
    for (int i = 0; i < hops.size(); i++) {
      if ("public".equals(hops.get(i).kind())) {
        firstPublic = firstPublic < 0 ? i : firstPublic;
        lastPublic = i;
      }
    }
    List<Text> outside = new ArrayList<>();
    List<Text> doubts = new ArrayList<>();
    List<String> silent = new ArrayList<>();
    List<String> unlocated = new ArrayList<>();
    List<String> transit = new ArrayList<>();
    Set<String> countries = new LinkedHashSet<>();
    int privates = 0;
    int located = 0;
    for (int i = 0; i < hops.size(); i++) {
      PathEvidence.Hop hop = hops.get(i);
      String where = hop.ttl() + " " + (hop.address() == null ? "*" : hop.address());
      switch (hop.verdict()) {
        case NO_ANSWER -> silent.add(Integer.toString(hop.ttl()));
        case UNLOCATED -> unlocated.add(where);
        case PRIVATE -> {
          privates++;
          if (i > firstPublic && i < lastPublic) {
            transit.add(where);
          }
        }
        default -> {
          located++;
          countries.add(hop.country());
          if (hop.verdict().equals(SCOPED)) {
            var a = residency.adequacy(hop.country()).orElseThrow();
            doubts.add(
                Text.of(
                    "path.scoped", hop.ttl(), hop.address(), place(hop), a.decision(), a.scope()));
          }
          if (hop.verdict().equals(OUTSIDE)) {
            outside.add(
                Text.of("path.outside", hop.ttl(), hop.address(), place(hop), policy.spelling()));
          }
        }
      }
    }
    if (!silent.isEmpty()) {
      doubts.add(Text.of("path.silent", String.join(", ", silent)));
    }
    if (!unlocated.isEmpty()) {
      doubts.add(Text.of("path.unlocated", String.join(", ", unlocated)));
    }
    if (!transit.isEmpty()) {
      doubts.add(Text.of("path.transit", String.join(", ", transit)));
    }
    if (located == 0 && hops.size() > 1 && silent.isEmpty() && unlocated.isEmpty()) {
      doubts.add(Text.of("path.allPrivate", hops.size()));
    }
    if (!route.reached()) {
      doubts.add(Text.of("path.notReached", route.destination(), hops.size()));
    }
    Text summary =
        Text.concat(
            Text.of(
                "path.summary",
                route.host() + ":" + route.port(),
                route.destination(),
                hopCount(hops),
                located,
                countries.isEmpty() ? "-" : String.join(", ", countries),
                privates,
                silent.size(),
                route.tracedFromText() == null
                    ? Text.of("verbatim", route.tracedFrom())
                    : route.tracedFromText()),
            roundTrip(hops));
    Status status =
        !outside.isEmpty() ? Status.FAIL : !doubts.isEmpty() ? Status.WARN : Status.PASS;
    List<Text> parts = new ArrayList<>(outside);
    parts.addAll(doubts);
    parts.add(summary);
    return finding(id, mirror, status, Text.join("sep.semicolon", parts), expected);
  }

  /** Distinct TTLs: a hop where two routers answered is one hop. */
  private static long hopCount(List<PathEvidence.Hop> hops) {
    return hops.stream().mapToInt(PathEvidence.Hop::ttl).distinct().count();
  }

  /** The round trip at the last answering hop and the hop where it grew most. */
  static Text roundTrip(List<PathEvidence.Hop> hops) {
    Double previous = 0.0;
    Double last = null;
    double largest = -1;
    int at = -1;
    for (PathEvidence.Hop hop : hops) {
      if (hop.rttMs() == null) {
        continue;
      }
      double step = hop.rttMs() - previous;
      if (step > largest) {
        largest = step;
        at = hop.ttl();
      }
      previous = hop.rttMs();
      last = hop.rttMs();
    }
    return last == null
        ? Text.concat()
        : Text.of("path.rtt", round(last), round(Math.max(0, largest)), at);
  }

  private static Text place(PathEvidence.Hop hop) {
    List<Object> parts = new ArrayList<>();
    parts.add(hop.country());
    if (hop.city() != null) {
      parts.add(Text.of("verbatim", ", " + hop.city()));
    }
    if (hop.network() != null) {
      parts.add(Text.of("verbatim", ", " + hop.network()));
    }
    if (hop.asn() != null) {
      parts.add(
          Text.of(
              "verbatim",
              ", AS" + hop.asn() + (hop.organisation() == null ? "" : " " + hop.organisation())));
    }
    return Text.concat(parts.toArray());
  }

  private Finding finding(String id, boolean mirror, Status status, Text observed, Text expected) {
    // id and title side by side, as everywhere (the bundles' test finds them so)
    String title =
        mirror
            ? "Route to the mirror target stays in the allowed area"
            : "Route from primary to DR stays in the allowed area";
    return Finding.said(
        id,
        title,
        "path",
        Severity.HIGH,
        status,
        observed,
        expected,
        "Replication and failover traffic is a transfer of personal data; a route through a third"
            + " country puts it where GDPR Chapter V does not allow, even when both ends are in"
            + " the EEA.",
        status == Status.FAIL
            ? Catalogue.english().word("fix.path.outside")
            : status == Status.WARN ? Catalogue.english().word("fix.path.doubt") : "",
        references);
  }

  private static double round(double v) {
    return Math.round(v * 100.0) / 100.0;
  }
}
