package eu.art32.residency;

import static org.assertj.core.api.Assertions.assertThat;

import eu.art32.config.ConfigLoader;
import eu.art32.config.PairConfig;
import eu.art32.evidence.Finding;
import eu.art32.evidence.LatencyEvidence;
import eu.art32.evidence.Status;
import eu.art32.latency.LatencyStatsCalculator;
import eu.art32.rules.Resources;
import eu.art32.rules.RuleBook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Residency judgements on real databases, with host names from {@link TestResolverProvider}. */
class ResidencyAuditTest {
  private static final RuleBook RULES = RuleBook.load(new Resources("rules", null));
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-26T08:00:00Z"), ZoneOffset.UTC);
  @TempDir static Path dir;

  @BeforeAll
  static void names() {
    TestResolverProvider.NAMES.put(
        "two-countries.art32.test", List.of("89.160.20.115", "216.160.83.57"));
    TestResolverProvider.NAMES.put("sweden.art32.test", List.of("89.160.20.116"));
    TestResolverProvider.NAMES.put("norway.art32.test", List.of("2a02:cf40::5"));
    TestResolverProvider.NAMES.put("private.art32.test", List.of("10.1.2.3"));
    TestResolverProvider.NAMES.put("london.art32.test", List.of("81.2.69.142"));
  }

  private static PairConfig pair(
      String primary, String primarySite, String replica, String replicaSite, String extra)
      throws Exception {
    String yaml =
        "version: 1\npairs:\n  - name: p\n    environment: staging\n"
            + "    primary: {host: "
            + primary
            + ", user: u, password: \"${env:PW}\", site: "
            + primarySite
            + "}\n"
            + "    replica: {host: "
            + replica
            + ", user: u, password: \"${env:PW}\", site: "
            + replicaSite
            + "}\n"
            + extra;
    return new ConfigLoader(Map.of("PW", "x"), RULES.defaults())
        .parse(dir.resolve("r.yaml"), yaml)
        .pairs()
        .get(0);
  }

  private static Map<String, Finding> audit(
      PairConfig pair, Path database, LatencyEvidence.Series rtt) {
    try (GeoDatabases dbs = GeoDatabases.open(database, null)) {
      return new ResidencyAudit(RULES, dbs, CLOCK)
          .run(pair, rtt).findings().stream()
              .collect(java.util.stream.Collectors.toMap(Finding::id, f -> f));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static LatencyEvidence.Series rtt(double... ms) {
    List<Double> samples = java.util.Arrays.stream(ms).boxed().toList();
    return new LatencyEvidence.Series(
        "primary -> DR",
        "primary host",
        "dr",
        "sql round trip",
        samples,
        LatencyStatsCalculator.of(samples, 0),
        null);
  }

  @Test
  void aCorruptDatabaseLeavesResidencyNotAssessedWithTheReasonInsteadOfStoppingTheRun()
      throws Exception {
    Path good = GeoDatabaseTest.countryCodeDatabase(dir);
    byte[] bytes = Files.readAllBytes(good);
    // the search tree overwritten: the metadata still reads, every lookup is garbage
    java.util.Arrays.fill(bytes, 0, bytes.length / 2, (byte) 0xFF);
    Path corrupt = Files.write(dir.resolve("corrupt.mmdb"), bytes);
    PairConfig pair =
        pair("two-countries.art32.test", "{country: SE}", "norway.art32.test", "{country: NO}", "");

    Map<String, Finding> findings = audit(pair, corrupt, null);

    assertThat(findings.get("RESIDENCY-PRIMARY").status()).isEqualTo(Status.NOT_ASSESSED);
    assertThat(findings.get("RESIDENCY-PRIMARY").observed())
        .contains(corrupt.toString(), "corrupt");
  }

  @Test
  void oneAddressOutsideTheEeaFailsTheNode() throws Exception {
    Path db = GeoDatabaseTest.countryCodeDatabase(dir);
    PairConfig eea =
        pair("two-countries.art32.test", "{country: SE}", "norway.art32.test", "{country: NO}", "");
    Map<String, Finding> strict = audit(eea, db, null);

    assertThat(strict.get("RESIDENCY-PRIMARY").status()).isEqualTo(Status.FAIL);
    assertThat(strict.get("RESIDENCY-PRIMARY").observed())
        .contains(
            "89.160.20.115 -> SE: inside the EEA",
            "216.160.83.57 -> US: OUTSIDE the allowed area (US, policy eea; an adequacy decision exists, (EU) 2023/1795");
    assertThat(strict.get("RESIDENCY-DR").status()).isEqualTo(Status.PASS);
    assertThat(strict.get("RESIDENCY-DECLARED").status())
        .as("declared SE, one address is US")
        .isEqualTo(Status.FAIL);
    assertThat(strict.get("RESIDENCY-PRIMARY").references())
        .extracting(r -> r.id())
        .contains("gdpr-44", "gdpr-45", "gdpr-46");

    PairConfig adequacy =
        pair(
            "two-countries.art32.test",
            "{country: SE}",
            "norway.art32.test",
            "{country: NO}",
            "    residency: {policy: eea+adequacy}\n");
    Finding withAdequacy = audit(adequacy, db, null).get("RESIDENCY-PRIMARY");
    assertThat(withAdequacy.status())
        .as("US adequacy holds only for DPF-certified organisations")
        .isEqualTo(Status.WARN);
    assertThat(withAdequacy.observed()).contains("Data Privacy Framework");
  }

  @Test
  void privateAddressesNeedADeclaredPublicAddressAndNeverPassWithoutOne() throws Exception {
    Path db = GeoDatabaseTest.countryCodeDatabase(dir);
    Map<String, Finding> undeclared =
        audit(
            pair("private.art32.test", "{country: SE}", "sweden.art32.test", "{country: SE}", ""),
            db,
            null);
    assertThat(undeclared.get("RESIDENCY-PRIMARY").status()).isEqualTo(Status.NOT_ASSESSED);
    assertThat(undeclared.get("RESIDENCY-PRIMARY").observed())
        .contains("10.1.2.3", "private (RFC 1918)", "no site.publicIp is declared");

    Map<String, Finding> declared =
        audit(
            pair(
                "private.art32.test",
                "{country: SE, publicIp: 89.160.20.117}",
                "sweden.art32.test",
                "{country: SE}",
                ""),
            db,
            null);
    assertThat(declared.get("RESIDENCY-PRIMARY").status()).isEqualTo(Status.PASS);
    assertThat(declared.get("RESIDENCY-PRIMARY").observed())
        .contains("declared public address 89.160.20.117, not measured");
  }

  @Test
  void aRoundTripFasterThanLightContradictsTheGeoIpPositions() throws Exception {
    Path db = GeoDatabaseTest.maxmind("GeoIP2-City-Test.mmdb");
    PairConfig pair =
        pair(
            "sweden.art32.test",
            "{country: SE, city: Linköping, facility: A}",
            "london.art32.test",
            "{country: GB, city: London, facility: B}",
            "    residency: {policy: eea+adequacy}\n");

    Finding fast = audit(pair, db, rtt(0.4, 0.3, 0.5)).get("RESIDENCY-PLAUSIBILITY");
    assertThat(fast.status()).isEqualTo(Status.WARN);
    assertThat(fast.observed())
        .startsWith("CONTRADICTION")
        .contains("km apart", "the fastest measured (sql round trip) was 0.3 ms");

    Map<String, Finding> slow = audit(pair, db, rtt(31.0, 29.5, 30.2));
    assertThat(slow.get("RESIDENCY-PLAUSIBILITY").status()).isEqualTo(Status.PASS);
    assertThat(slow.get("RESIDENCY-SEPARATION").status()).isEqualTo(Status.PASS);
    assertThat(slow.get("RESIDENCY-SEPARATION").observed())
        .matches("12\\d\\d\\.\\d km apart by geo-IP");
    assertThat(slow.get("RESIDENCY-DR").status())
        .as("GB under eea+adequacy: the decision is time-limited, so a WARN to check it")
        .isEqualTo(Status.WARN);
    assertThat(slow.get("RESIDENCY-DR").observed())
        .contains("London", "adequacy decision (EU) 2021/1772", "time-limited");
    assertThat(slow.get("RESIDENCY-GEOIP").status())
        .as("the test database is older than 45 days")
        .isEqualTo(Status.WARN);
  }

  @Test
  void theSameDeclaredFacilityIsNotASeparateSite() throws Exception {
    Path db = GeoDatabaseTest.countryCodeDatabase(dir);
    Finding f =
        audit(
                pair(
                    "sweden.art32.test",
                    "{country: SE, facility: STO-1}",
                    "norway.art32.test",
                    "{country: NO, facility: sto-1}",
                    ""),
                db,
                null)
            .get("RESIDENCY-SEPARATION");

    assertThat(f.status()).isEqualTo(Status.WARN);
    assertThat(f.observed()).contains("both nodes declare facility 'STO-1'");
  }

  @Test
  void withoutAnyDatabaseResidencyIsNotAssessedWithTheReason() throws Exception {
    Map<String, Finding> none =
        audit(
            pair("sweden.art32.test", "{country: SE}", "norway.art32.test", "{country: NO}", ""),
            null,
            null);

    assertThat(none.get("RESIDENCY-PRIMARY").status()).isEqualTo(Status.NOT_ASSESSED);
    assertThat(none.get("RESIDENCY-GEOIP").observed())
        .contains("no geo-IP database", "--geoip-db", "/usr/share/GeoIP");
  }

  @Test
  void mirrorTargetsNameTheirHost() {
    assertThat(ResidencyAudit.mirrorHost("backup@db2.example.no:/srv/uploads"))
        .isEqualTo("db2.example.no");
    assertThat(ResidencyAudit.mirrorHost("db2:/srv")).isEqualTo("db2");
    assertThat(ResidencyAudit.mirrorHost("/mnt/mirror")).isNull();
  }
}
