package eu.art32.residency;

import eu.art32.area.AreaCheck;
import eu.art32.area.AreaContext;
import eu.art32.area.AreaResult;
import eu.art32.config.NodeConfig;
import eu.art32.config.PairConfig;
import eu.art32.config.Site;
import eu.art32.evidence.Catalogue;
import eu.art32.evidence.EvidenceKind;
import eu.art32.evidence.Finding;
import eu.art32.evidence.LatencyEvidence;
import eu.art32.evidence.Reference;
import eu.art32.evidence.ResidencyEvidence;
import eu.art32.evidence.Severity;
import eu.art32.evidence.Status;
import eu.art32.evidence.Text;
import eu.art32.latency.LatencyAudit;
import eu.art32.rules.ResidencyRules;
import eu.art32.rules.RuleBook;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Residency of a pair: every address of the primary, the DR node and the mirror target located and
 * judged against the pair's policy; declared sites checked against geo-IP; separation of the two
 * sites; and whether the measured round trip is physically possible between the positions.
 */
public final class ResidencyAudit implements AreaCheck {
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

  @Override
  public String area() {
    return "residency";
  }

  @Override
  public Stage stage() {
    return Stage.SLOT;
  }

  /** Judged with the latency area's primary-to-DR series when that area measured one. */
  @Override
  public AreaResult run(AreaContext context) {
    Result result = run(context.pair(), context.get(LatencyAudit.PRIMARY_TO_DR));
    return AreaResult.of(EvidenceKind.RESIDENCY, result.evidence(), result.findings());
  }

  public Result run(PairConfig pair, LatencyEvidence.Series primaryToDr) {
    ResidencyRules.Policy policy = residency.policyOf(ResidencySettings.of(pair).policy());
    Locator locator = new Locator(databases);
    List<ResidencyEvidence.NodeLocation> nodes = new ArrayList<>();
    nodes.add(
        judge(locator.locate("primary", pair.primary().host(), pair.primary().site()), policy));
    nodes.add(judge(locator.locate("DR", pair.replica().host(), pair.replica().site()), policy));
    String mirrorHost = pair.mirror() == null ? null : mirrorHost(pair.mirror().target());
    if (mirrorHost != null) {
      nodes.add(judge(locator.locate("mirror target", mirrorHost, Site.UNDECLARED), policy));
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
                  ? Text.of("mirror.none")
                  : Text.of("residency.mirrorLocal", pair.mirror().target()),
              residency.allowed(policy),
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
  public static String mirrorHost(String target) {
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
    Text expected = residency.allowed(policy);
    if (node.error() != null) {
      return finding(
          id,
          title,
          Status.NOT_ASSESSED,
          Text.of("notAssessed", node.error()),
          expected,
          chapterV());
    }
    List<Text> parts = new ArrayList<>();
    boolean outside = false;
    boolean unlocated = false;
    boolean scoped = false;
    for (ResidencyEvidence.AddressLocation a : node.addresses()) {
      parts.add(describe(a, a.country() == null ? null : verdictText(a.country(), policy)));
      if (a.country() == null) {
        unlocated = true;
      } else if (a.verdict().startsWith("OUTSIDE")) {
        outside = true;
      } else if (a.verdict().contains("scope:")) {
        scoped = true;
      }
    }
    Text observed = Text.of("residency.node", node.host(), Text.join("sep.semicolon", parts));
    Status status =
        outside
            ? Status.FAIL
            : unlocated ? Status.NOT_ASSESSED : scoped ? Status.WARN : Status.PASS;
    if (status == Status.NOT_ASSESSED) {
      observed =
          Text.of(
              "notAssessed",
              Text.concat(
                  observed,
                  db.missing() == null ? Text.concat() : Text.of("parenthesis", db.missing())));
    }
    return finding(id, title, status, observed, expected, chapterV());
  }

  /** An address as located, with the verdict on it ({@code verdict} null: as recorded). */
  static Text describe(ResidencyEvidence.AddressLocation a, Text verdict) {
    List<Object> parts = new ArrayList<>();
    parts.add(a.address());
    if (a.declared()) {
      parts.add(
          Text.of(
              "residency.declaredAddress",
              Text.word("residency.kind." + a.kind().replaceAll("[^A-Za-z0-9]+", "_"), a.kind()),
              a.located()));
    }
    if (a.country() != null) {
      parts.add(Text.of("residency.arrow", a.country()));
      if (a.city() != null) {
        parts.add(Text.of("verbatim", ", " + a.city()));
      }
      if (a.latitude() != null) {
        parts.add(
            Text.of(
                "verbatim",
                String.format(Locale.ROOT, " (%.4f, %.4f", a.latitude(), a.longitude())
                    + (a.accuracyKm() == null ? ")" : " +/- " + a.accuracyKm() + " km)")));
      }
      if (a.asn() != null) {
        parts.add(
            Text.of(
                "verbatim",
                ", AS" + a.asn() + (a.organisation() == null ? "" : " " + a.organisation())));
      }
    }
    parts.add(Text.of("residency.verdict", verdict != null ? verdict : a.verdict()));
    return Text.concat(parts.toArray());
  }

  /** The words of a located address's {@link #verdict}, in every language. */
  private Text verdictText(String country, ResidencyRules.Policy policy) {
    if (residency.inEea(country)) {
      return Text.of("residency.insideEea");
    }
    var adequacy = residency.adequacy(country);
    if (adequacy.isPresent() && policy == ResidencyRules.Policy.EEA_ADEQUACY) {
      var a = adequacy.get();
      return Text.concat(
          Text.of("residency.adequacy", a.decision(), String.valueOf(a.date())),
          a.scope() == null ? Text.concat() : Text.of("residency.scope", a.scope()));
    }
    return Text.of(
        "residency.outside",
        country,
        policy.spelling(),
        adequacy.isPresent()
            ? Text.of("residency.outside.adequacyExists", adequacy.get().decision())
            : Text.concat());
  }

  private Finding databaseFinding(ResidencyEvidence.Database db) {
    if (db.missing() != null) {
      return finding(
          "RESIDENCY-GEOIP",
          "Geo-IP database present and current",
          Status.NOT_ASSESSED,
          Text.of("notAssessed", db.missing()),
          Text.of("residency.geoip.expectedShort", residency.databaseMaxAgeDays()),
          List.of());
    }
    boolean old = db.ageDays() > residency.databaseMaxAgeDays();
    return finding(
        "RESIDENCY-GEOIP",
        "Geo-IP database present and current",
        old ? Status.WARN : Status.PASS,
        Text.concat(
            Text.of(
                "residency.geoip",
                db.type() + " (" + db.layout() + ") " + db.file(),
                String.valueOf(db.buildDate()),
                db.ageDays()),
            db.description().isBlank()
                ? Text.concat()
                : Text.of("verbatim", ", \"" + db.description() + "\""),
            Text.of("verbatim", "; " + db.licence())),
        Text.of("residency.geoip.expected", residency.databaseMaxAgeDays()),
        List.of());
  }

  private Finding declaredFinding(
      PairConfig pair, ResidencyEvidence.NodeLocation primary, ResidencyEvidence.NodeLocation dr) {
    List<Text> notes = new ArrayList<>();
    Status status = Status.PASS;
    for (var entry : List.of(Map.entry(pair.primary(), primary), Map.entry(pair.replica(), dr))) {
      Status s = declared(entry.getKey(), entry.getValue(), notes);
      status = worse(status, s);
    }
    return finding(
        "RESIDENCY-DECLARED",
        "Declared sites agree with geo-IP",
        status,
        status == Status.NOT_ASSESSED
            ? Text.of("notAssessed", Text.join("sep.semicolon", notes))
            : Text.join("sep.semicolon", notes),
        Text.of("residency.declared.expected"),
        chapterV());
  }

  private static Status declared(
      NodeConfig config, ResidencyEvidence.NodeLocation node, List<Text> notes) {
    Text role = Text.word("residency.role." + node.role().replace(" ", "_"), node.role());
    String country = config.site().country();
    if (country == null) {
      notes.add(Text.of("residency.declared.none", role));
      return Status.NOT_ASSESSED;
    }
    List<ResidencyEvidence.AddressLocation> located =
        node.addresses().stream().filter(a -> a.country() != null).toList();
    if (located.isEmpty() || located.size() < node.addresses().size()) {
      notes.add(Text.of("residency.declared.unlocated", role, country));
      return Status.NOT_ASSESSED;
    }
    List<String> countries =
        located.stream().map(ResidencyEvidence.AddressLocation::country).distinct().toList();
    if (!countries.equals(List.of(country))) {
      notes.add(Text.of("residency.declared.other", role, country, String.join(", ", countries)));
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
          Text.of(
              "residency.declared.otherCity",
              role,
              country + ", " + city,
              country + ", " + String.join(", ", cities)));
      return Status.WARN;
    }
    notes.add(
        Text.concat(
            Text.of("residency.declared.agrees", role, country + (city == null ? "" : ", " + city)),
            cities.isEmpty() && city != null
                ? Text.of("residency.declared.countryOnly")
                : Text.concat()));
    return Status.PASS;
  }

  private Finding separationFinding(Geometry g) {
    Text expected = Text.of("residency.separation.expected", residency.minSeparationKm());
    if (g.sameHost()) {
      return finding(
          "RESIDENCY-SEPARATION",
          "DR is a separate site",
          Status.WARN,
          Text.of("residency.separation.sameHost", g.sameHostWhy()),
          expected,
          List.of("gdpr-32-1-b", "iso-a-5-30"));
    }
    if (g.sameFacility() != null) {
      return finding(
          "RESIDENCY-SEPARATION",
          "DR is a separate site",
          Status.WARN,
          Text.of("residency.separation.sameFacility", g.sameFacility()),
          expected,
          List.of("gdpr-32-1-b", "iso-a-5-30"));
    }
    if (g.distanceKm() == null) {
      return finding(
          "RESIDENCY-SEPARATION",
          "DR is a separate site",
          Status.NOT_ASSESSED,
          Text.of("residency.separation.noCoordinates"),
          expected,
          List.of("gdpr-32-1-b", "iso-a-5-30"));
    }
    double km = round(g.distanceKm());
    if (g.distanceKm() < residency.minSeparationKm()) {
      return finding(
          "RESIDENCY-SEPARATION",
          "DR is a separate site",
          Status.WARN,
          Text.of("residency.separation.tooClose", km, residency.minSeparationKm()),
          expected,
          List.of("gdpr-32-1-b", "iso-a-5-30"));
    }
    if (g.sameCityWithinAccuracy()) {
      return finding(
          "RESIDENCY-SEPARATION",
          "DR is a separate site",
          Status.WARN,
          Text.of("residency.separation.sameCity", km),
          expected,
          List.of("gdpr-32-1-b", "iso-a-5-30"));
    }
    return finding(
        "RESIDENCY-SEPARATION",
        "DR is a separate site",
        Status.PASS,
        Text.of("residency.separation.apart", km),
        expected,
        List.of("gdpr-32-1-b", "iso-a-5-30"));
  }

  private Finding plausibilityFinding(
      Geometry g, Double measuredMin, Double physicalMin, LatencyEvidence.Series series) {
    Text expected = Text.of("residency.plausibility.expected", residency.fibreKmPerMs());
    if (g.sameHost()) {
      return finding(
          "RESIDENCY-PLAUSIBILITY",
          "Geo-IP positions agree with the measured round trip",
          Status.NOT_ASSESSED,
          Text.of("residency.plausibility.sameHost"),
          expected,
          List.of());
    }
    if (physicalMin == null || measuredMin == null) {
      return finding(
          "RESIDENCY-PLAUSIBILITY",
          "Geo-IP positions agree with the measured round trip",
          Status.NOT_ASSESSED,
          Text.of(
              "notAssessed",
              Text.of(
                  physicalMin == null
                      ? "residency.plausibility.noCoordinates"
                      : "residency.plausibility.noRoundTrip")),
          expected,
          List.of());
    }
    Text numbers =
        Text.of(
            "residency.plausibility.numbers",
            round(g.distanceKm()),
            round(g.effectiveKm()),
            physicalMin,
            Text.word("lat.level." + series.level().replace(' ', '_'), series.level()),
            measuredMin);
    boolean contradiction = measuredMin < physicalMin;
    return finding(
        "RESIDENCY-PLAUSIBILITY",
        "Geo-IP positions agree with the measured round trip",
        contradiction ? Status.WARN : Status.PASS,
        contradiction ? Text.of("residency.plausibility.contradiction", numbers) : numbers,
        expected,
        List.of());
  }

  private Finding finding(
      String id,
      String title,
      Status status,
      Text observed,
      Text expected,
      List<String> referenceIds) {
    List<Reference> references = new ArrayList<>(rules.area("residency").references());
    for (String rid : referenceIds) {
      Reference r = rules.references().get(rid);
      if (r != null && !references.contains(r)) {
        references.add(r);
      }
    }
    return Finding.said(
        id,
        title,
        "residency",
        Severity.HIGH,
        status,
        observed,
        expected,
        "Personal data and its DR copy must stay where the law allows (GDPR Chapter V) and the DR site must survive what hits the primary (Art. 32(1)(b)).",
        status == Status.FAIL
            ? Catalogue.english().word("fix.residency")
            : status == Status.WARN
                ? "Check the finding's numbers; document why the placement is acceptable or move the node."
                : "",
        references);
  }

  private static List<String> chapterV() {
    return List.of("gdpr-44", "gdpr-45", "gdpr-46", "gdpr-32-1-b");
  }

  private static Status worse(Status a, Status b) {
    List<Status> order = List.of(Status.PASS, Status.NOT_ASSESSED, Status.WARN, Status.FAIL);
    return order.indexOf(a) >= order.indexOf(b) ? a : b;
  }

  static double round(double v) {
    return Math.round(v * 10.0) / 10.0;
  }
}
