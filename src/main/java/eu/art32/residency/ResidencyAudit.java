package eu.art32.residency;

import eu.art32.config.NodeConfig;
import eu.art32.config.PairConfig;
import eu.art32.evidence.Finding;
import eu.art32.evidence.LatencyEvidence;
import eu.art32.evidence.Reference;
import eu.art32.evidence.ResidencyEvidence;
import eu.art32.evidence.Severity;
import eu.art32.evidence.Status;
import eu.art32.rules.ResidencyRules;
import eu.art32.rules.RuleBook;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Residency of a pair: every address of the primary, the DR node and the mirror target located and
 * judged against the pair's policy; declared sites checked against geo-IP; separation of the two
 * sites; and whether the measured round trip is physically possible between the positions.
 */
public final class ResidencyAudit {
  /** Evidence and findings of one pair. */
  public record Result(ResidencyEvidence evidence, List<Finding> findings) {}

  private final RuleBook rules;
  private final ResidencyRules residency;
  private final GeoDatabases databases;
  private final Clock clock;

  public ResidencyAudit(RuleBook rules, GeoDatabases databases, Clock clock) {
    this.rules = rules;
    this.residency = rules.residency();
    this.databases = databases;
    this.clock = clock;
  }

  public Result run(PairConfig pair, LatencyEvidence.Series primaryToDr) {
    ResidencyRules.Policy policy =
        pair.checks().policy() == null
            ? residency.defaultPolicy()
            : ResidencyRules.Policy.parse(pair.checks().policy()).orElse(residency.defaultPolicy());
    Locator locator = new Locator(databases);
    List<ResidencyEvidence.NodeLocation> nodes = new ArrayList<>();
    nodes.add(
        judge(locator.locate("primary", pair.primary().host(), pair.primary().site()), policy));
    nodes.add(judge(locator.locate("DR", pair.replica().host(), pair.replica().site()), policy));
    String mirrorHost = pair.mirror() == null ? null : mirrorHost(pair.mirror().target());
    if (mirrorHost != null) {
      nodes.add(
          judge(
              locator.locate("mirror target", mirrorHost, eu.art32.config.Site.UNDECLARED),
              policy));
    }
    ResidencyEvidence.Database database = databases.describe(clock);
    List<Finding> findings = new ArrayList<>();
    findings.add(databaseFinding(database));
    for (ResidencyEvidence.NodeLocation node : nodes) {
      findings.add(locationFinding(node, policy, database));
    }
    if (mirrorHost == null) {
      findings.add(
          finding(
              "RESIDENCY-MIRROR",
              "Mirror target located in the allowed area",
              Status.NOT_ASSESSED,
              pair.mirror() == null
                  ? "not assessed: no mirror configured for this pair"
                  : "not assessed: the mirror target '"
                      + pair.mirror().target()
                      + "' names no remote host",
              allowedText(policy),
              chapterV()));
    }
    findings.add(declaredFinding(pair, nodes.get(0), nodes.get(1)));
    Geometry geometry = Geometry.of(pair, nodes.get(0), nodes.get(1));
    findings.add(separationFinding(geometry));
    Double measuredMin = primaryToDr == null ? null : primaryToDr.stats().min();
    Double physicalMin =
        geometry.effectiveKm() == null
            ? null
            : round(2 * geometry.effectiveKm() / residency.fibreKmPerMs());
    findings.add(plausibilityFinding(geometry, measuredMin, physicalMin, primaryToDr));
    ResidencyEvidence evidence =
        new ResidencyEvidence(
            database,
            policy.spelling(),
            String.valueOf(residency.reviewed()),
            nodes,
            geometry.distanceKm() == null ? null : round(geometry.distanceKm()),
            physicalMin,
            measuredMin);
    return new Result(evidence, findings);
  }

  /** The host of an rsync-style target ({@code [user@]host:/path}), or null for a local path. */
  static String mirrorHost(String target) {
    int colon = target.indexOf(':');
    if (colon <= 0 || target.startsWith("/")) {
      return null;
    }
    String host = target.substring(0, colon);
    return host.contains("@") ? host.substring(host.indexOf('@') + 1) : host;
  }

  private ResidencyEvidence.NodeLocation judge(
      ResidencyEvidence.NodeLocation node, ResidencyRules.Policy policy) {
    List<ResidencyEvidence.AddressLocation> judged = new ArrayList<>();
    for (ResidencyEvidence.AddressLocation a : node.addresses()) {
      judged.add(a.country() == null ? a : a.withVerdict(verdict(a.country(), policy)));
    }
    return new ResidencyEvidence.NodeLocation(node.role(), node.host(), judged, node.error());
  }

  private String verdict(String country, ResidencyRules.Policy policy) {
    if (residency.inEea(country)) {
      return "inside the EEA";
    }
    var adequacy = residency.adequacy(country);
    if (adequacy.isPresent() && policy == ResidencyRules.Policy.EEA_ADEQUACY) {
      var a = adequacy.get();
      return "adequacy decision "
          + a.decision()
          + " of "
          + a.date()
          + (a.scope() == null ? "" : " - scope: " + a.scope());
    }
    return "OUTSIDE the allowed area ("
        + country
        + ", policy "
        + policy.spelling()
        + (adequacy.isPresent()
            ? "; an adequacy decision exists, "
                + adequacy.get().decision()
                + ", but the policy is the strict eea"
            : "")
        + ")";
  }

  private Finding locationFinding(
      ResidencyEvidence.NodeLocation node,
      ResidencyRules.Policy policy,
      ResidencyEvidence.Database db) {
    // id and title side by side, as everywhere (the bundles' test finds them so)
    String[] idTitle =
        switch (node.role()) {
          case "primary" ->
              new String[] {"RESIDENCY-PRIMARY", "Primary located in the allowed area"};
          case "DR" -> new String[] {"RESIDENCY-DR", "DR node located in the allowed area"};
          default -> new String[] {"RESIDENCY-MIRROR", "Mirror target located in the allowed area"};
        };
    String id = idTitle[0];
    String title = idTitle[1];
    String expected = allowedText(policy);
    if (node.error() != null) {
      return finding(
          id, title, Status.NOT_ASSESSED, "not assessed: " + node.error(), expected, chapterV());
    }
    List<String> parts = new ArrayList<>();
    boolean outside = false;
    boolean unlocated = false;
    boolean scoped = false;
    for (ResidencyEvidence.AddressLocation a : node.addresses()) {
      parts.add(describe(a));
      if (a.country() == null) {
        unlocated = true;
      } else if (a.verdict().startsWith("OUTSIDE")) {
        outside = true;
      } else if (a.verdict().contains("scope:")) {
        scoped = true;
      }
    }
    String observed = node.host() + ": " + String.join("; ", parts);
    Status status =
        outside
            ? Status.FAIL
            : unlocated ? Status.NOT_ASSESSED : scoped ? Status.WARN : Status.PASS;
    if (status == Status.NOT_ASSESSED) {
      observed =
          "not assessed: " + observed + (db.missing() == null ? "" : " (" + db.missing() + ")");
    }
    return finding(id, title, status, observed, expected, chapterV());
  }

  static String describe(ResidencyEvidence.AddressLocation a) {
    StringBuilder text = new StringBuilder(a.address());
    if (a.declared()) {
      text.append(" (")
          .append(a.kind())
          .append("; declared public address ")
          .append(a.located())
          .append(", not measured)");
    }
    if (a.country() == null) {
      return text.append(": ").append(a.verdict()).toString();
    }
    text.append(" -> ").append(a.country());
    if (a.city() != null) {
      text.append(", ").append(a.city());
    }
    if (a.latitude() != null) {
      text.append(String.format(Locale.ROOT, " (%.4f, %.4f", a.latitude(), a.longitude()));
      text.append(a.accuracyKm() == null ? ")" : " +/- " + a.accuracyKm() + " km)");
    }
    if (a.asn() != null) {
      text.append(", AS")
          .append(a.asn())
          .append(a.organisation() == null ? "" : " " + a.organisation());
    }
    return text.append(": ").append(a.verdict()).toString();
  }

  private Finding databaseFinding(ResidencyEvidence.Database db) {
    if (db.missing() != null) {
      return finding(
          "RESIDENCY-GEOIP",
          "Geo-IP database present and current",
          Status.NOT_ASSESSED,
          "not assessed: " + db.missing(),
          "a geo-IP database built within " + residency.databaseMaxAgeDays() + " days",
          List.of());
    }
    boolean old = db.ageDays() > residency.databaseMaxAgeDays();
    return finding(
        "RESIDENCY-GEOIP",
        "Geo-IP database present and current",
        old ? Status.WARN : Status.PASS,
        db.type()
            + " ("
            + db.layout()
            + ") "
            + db.file()
            + ", built "
            + db.buildDate()
            + " ("
            + db.ageDays()
            + " days ago)"
            + (db.description().isBlank() ? "" : ", \"" + db.description() + "\"")
            + "; "
            + db.licence(),
        "a geo-IP database built within "
            + residency.databaseMaxAgeDays()
            + " days (rules/residency.yaml databaseMaxAgeDays)",
        List.of());
  }

  private Finding declaredFinding(
      PairConfig pair, ResidencyEvidence.NodeLocation primary, ResidencyEvidence.NodeLocation dr) {
    List<String> notes = new ArrayList<>();
    Status status = Status.PASS;
    for (var entry :
        List.of(
            java.util.Map.entry(pair.primary(), primary),
            java.util.Map.entry(pair.replica(), dr))) {
      Status s = declared(entry.getKey(), entry.getValue(), notes);
      status = worse(status, s);
    }
    return finding(
        "RESIDENCY-DECLARED",
        "Declared sites agree with geo-IP",
        status,
        (status == Status.NOT_ASSESSED ? "not assessed: " : "") + String.join("; ", notes),
        "each node's declared country (and city) is where geo-IP places it",
        chapterV());
  }

  private static Status declared(
      NodeConfig config, ResidencyEvidence.NodeLocation node, List<String> notes) {
    String country = config.site().country();
    if (country == null) {
      notes.add(node.role() + ": no site.country declared");
      return Status.NOT_ASSESSED;
    }
    List<ResidencyEvidence.AddressLocation> located =
        node.addresses().stream().filter(a -> a.country() != null).toList();
    if (located.isEmpty() || located.size() < node.addresses().size()) {
      notes.add(node.role() + ": declared " + country + ", but not every address could be located");
      return Status.NOT_ASSESSED;
    }
    List<String> countries =
        located.stream().map(ResidencyEvidence.AddressLocation::country).distinct().toList();
    if (!countries.equals(List.of(country))) {
      notes.add(
          node.role() + ": declared " + country + ", geo-IP says " + String.join(", ", countries));
      return Status.FAIL;
    }
    String city = config.site().city();
    List<String> cities =
        located.stream()
            .map(ResidencyEvidence.AddressLocation::city)
            .filter(Objects::nonNull)
            .distinct()
            .toList();
    if (city != null
        && !cities.isEmpty()
        && cities.stream().noneMatch(c -> c.equalsIgnoreCase(city))) {
      notes.add(
          node.role()
              + ": declared "
              + country
              + ", "
              + city
              + "; geo-IP says "
              + country
              + ", "
              + String.join(", ", cities));
      return Status.WARN;
    }
    notes.add(
        node.role()
            + ": declared "
            + country
            + (city == null ? "" : ", " + city)
            + ", geo-IP agrees"
            + (cities.isEmpty() && city != null
                ? " on the country (the database has no city)"
                : ""));
    return Status.PASS;
  }

  private Finding separationFinding(Geometry g) {
    String expected =
        "primary and DR at least "
            + trim(residency.minSeparationKm())
            + " km apart, in different facilities (rules/residency.yaml minSeparationKm)";
    if (g.sameHost()) {
      return finding(
          "RESIDENCY-SEPARATION",
          "DR is a separate site",
          Status.WARN,
          "not a separate site: both nodes resolve to the same host (" + g.sameHostWhy() + ")",
          expected,
          List.of("gdpr-32-1-b", "iso-a-5-30"));
    }
    if (g.sameFacility() != null) {
      return finding(
          "RESIDENCY-SEPARATION",
          "DR is a separate site",
          Status.WARN,
          "not a separate site: both nodes declare facility '" + g.sameFacility() + "'",
          expected,
          List.of("gdpr-32-1-b", "iso-a-5-30"));
    }
    if (g.distanceKm() == null) {
      return finding(
          "RESIDENCY-SEPARATION",
          "DR is a separate site",
          Status.NOT_ASSESSED,
          "not assessed: no coordinates for both nodes (country-only database or unlocated addresses)",
          expected,
          List.of("gdpr-32-1-b", "iso-a-5-30"));
    }
    String km = trim(round(g.distanceKm()));
    if (g.distanceKm() < residency.minSeparationKm()) {
      return finding(
          "RESIDENCY-SEPARATION",
          "DR is a separate site",
          Status.WARN,
          "not a separate site: "
              + km
              + " km apart, below "
              + trim(residency.minSeparationKm())
              + " km",
          expected,
          List.of("gdpr-32-1-b", "iso-a-5-30"));
    }
    if (g.sameCityWithinAccuracy()) {
      return finding(
          "RESIDENCY-SEPARATION",
          "DR is a separate site",
          Status.WARN,
          "not shown to be a separate site: same city, "
              + km
              + " km apart is within the geo-IP accuracy radius",
          expected,
          List.of("gdpr-32-1-b", "iso-a-5-30"));
    }
    return finding(
        "RESIDENCY-SEPARATION",
        "DR is a separate site",
        Status.PASS,
        km + " km apart by geo-IP",
        expected,
        List.of("gdpr-32-1-b", "iso-a-5-30"));
  }

  private Finding plausibilityFinding(
      Geometry g, Double measuredMin, Double physicalMin, LatencyEvidence.Series series) {
    String expected =
        "measured primary -> DR round trip >= 2 x distance / "
            + trim(residency.fibreKmPerMs())
            + " km/ms (light in fibre)";
    if (g.sameHost()) {
      return finding(
          "RESIDENCY-PLAUSIBILITY",
          "Geo-IP positions agree with the measured round trip",
          Status.NOT_ASSESSED,
          "not assessed: both nodes are on one host, so the round trip says nothing about the declared positions",
          expected,
          List.of());
    }
    if (physicalMin == null || measuredMin == null) {
      return finding(
          "RESIDENCY-PLAUSIBILITY",
          "Geo-IP positions agree with the measured round trip",
          Status.NOT_ASSESSED,
          "not assessed: "
              + (physicalMin == null
                  ? "no coordinates for both nodes"
                  : "no primary -> DR round trip measured"),
          expected,
          List.of());
    }
    String numbers =
        "geo-IP puts the nodes "
            + trim(round(g.distanceKm()))
            + " km apart ("
            + trim(round(g.effectiveKm()))
            + " km allowing for the accuracy radii), so light in fibre needs at least "
            + physicalMin
            + " ms for a round trip; the fastest measured ("
            + series.level()
            + ") was "
            + measuredMin
            + " ms";
    boolean contradiction = measuredMin < physicalMin;
    return finding(
        "RESIDENCY-PLAUSIBILITY",
        "Geo-IP positions agree with the measured round trip",
        contradiction ? Status.WARN : Status.PASS,
        (contradiction ? "CONTRADICTION: " : "")
            + numbers
            + (contradiction
                ? ": the positions are wrong (anycast, stale or mis-registered addresses) or the path is not the one located"
                : ""),
        expected,
        List.of());
  }

  private Finding finding(
      String id,
      String title,
      Status status,
      String observed,
      String expected,
      List<String> referenceIds) {
    List<Reference> references = new ArrayList<>(rules.area("residency").references());
    for (String rid : referenceIds) {
      Reference r = rules.references().get(rid);
      if (r != null && !references.contains(r)) {
        references.add(r);
      }
    }
    return new Finding(
        id,
        title,
        "residency",
        Severity.HIGH,
        status,
        observed,
        expected,
        "Personal data and its DR copy must stay where the law allows (GDPR Chapter V) and the DR site must survive what hits the primary (Art. 32(1)(b)).",
        status == Status.FAIL
            ? "Move the node into the allowed area, or change the pair's residency.policy only with a transfer basis (adequacy decision or Art. 46 safeguards) documented."
            : status == Status.WARN
                ? "Check the finding's numbers; document why the placement is acceptable or move the node."
                : "",
        references);
  }

  private static List<String> chapterV() {
    return List.of("gdpr-44", "gdpr-45", "gdpr-46", "gdpr-32-1-b");
  }

  private String allowedText(ResidencyRules.Policy policy) {
    return policy == ResidencyRules.Policy.EEA
        ? "every address inside the EEA (EU27 + IS, LI, NO; rules/residency.yaml reviewed "
            + residency.reviewed()
            + ")"
        : "every address inside the EEA or a country with an EU adequacy decision, within its scope (rules/residency.yaml reviewed "
            + residency.reviewed()
            + ")";
  }

  private static Status worse(Status a, Status b) {
    List<Status> order = List.of(Status.PASS, Status.NOT_ASSESSED, Status.WARN, Status.FAIL);
    return order.indexOf(a) >= order.indexOf(b) ? a : b;
  }

  static double round(double v) {
    return Math.round(v * 10.0) / 10.0;
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
