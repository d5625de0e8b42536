package eu.art32.residency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import eu.art32.EnvironmentException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class GeoDatabaseTest {
  /** MaxMind's test databases (../shared/geoip); tests that need them skip when it is absent. */
  static final Path MAXMIND = Path.of("..", "shared", "geoip");

  static Path maxmind(String file) {
    assumeTrue(
        Files.isRegularFile(MAXMIND.resolve(file)),
        "MaxMind test databases not at " + MAXMIND.toAbsolutePath());
    return MAXMIND.resolve(file);
  }

  /** A country_code-layout database, as free RIR-based databases publish them. */
  public static Path countryCodeDatabase(Path dir) throws Exception {
    Path file = dir.resolve("country.mmdb");
    new MmdbWriter("geo-whois-asn-country", "test country_code database", 1_700_000_000L)
        .insert("89.160.20.112/28", Map.of("country_code", "SE"))
        .insert("216.160.83.56/29", Map.of("country_code", "US"))
        .insert("2a02:cf40::/29", Map.of("country_code", "no"))
        .write(file);
    return file;
  }

  @Test
  void readsAMaxMindCityDatabase() throws Exception {
    try (GeoDatabase db = GeoDatabase.open(maxmind("GeoIP2-City-Test.mmdb"))) {
      GeoPlace linkoping = db.locate(InetAddress.getByName("89.160.20.115")).orElseThrow();
      assertThat(linkoping.country()).isEqualTo("SE");
      assertThat(linkoping.city()).isEqualTo("Linköping");
      assertThat(linkoping.latitude()).isEqualTo(58.4167);
      assertThat(linkoping.accuracyKm()).isEqualTo(76);
      assertThat(db.locate(InetAddress.getByName("2a02:cf40::1")).orElseThrow().country())
          .isEqualTo("NO");
      assertThat(db.locate(InetAddress.getByName("10.0.0.1")))
          .as("private: in no database")
          .isEmpty();
      assertThat(db.info().layout()).isEqualTo("MaxMind City");
      assertThat(db.info().licence()).contains("fake data");
    }
  }

  @Test
  void readsAMaxMindCountryDatabaseAndTheAsnDatabase() throws Exception {
    try (GeoDatabase db = GeoDatabase.open(maxmind("GeoLite2-Country-Test.mmdb"));
        AsnDatabase asn = AsnDatabase.open(maxmind("GeoLite2-ASN-Test.mmdb"))) {
      GeoPlace london = db.locate(InetAddress.getByName("81.2.69.142")).orElseThrow();
      assertThat(london.country()).isEqualTo("GB");
      assertThat(london.hasPosition()).as("a country database has no coordinates").isFalse();
      assertThat(asn.lookup(InetAddress.getByName("89.160.20.115")).orElseThrow().number())
          .isEqualTo(29518);
    }
  }

  @Test
  void readsTheCountryCodeLayoutItWrites(@TempDir Path dir) throws Exception {
    try (GeoDatabase db = GeoDatabase.open(countryCodeDatabase(dir))) {
      assertThat(db.info().layout()).isEqualTo("country_code");
      assertThat(db.info().type()).isEqualTo("geo-whois-asn-country");
      assertThat(db.locate(InetAddress.getByName("89.160.20.120")).orElseThrow().country())
          .isEqualTo("SE");
      assertThat(db.locate(InetAddress.getByName("2a02:cf40::7")).orElseThrow().country())
          .as("upper-cased")
          .isEqualTo("NO");
      assertThat(db.locate(InetAddress.getByName("216.160.83.60")).orElseThrow().network())
          .isEqualTo("216.160.83.56/29");
      assertThat(db.locate(InetAddress.getByName("8.8.8.8"))).isEmpty();
    }
  }

  @Test
  void corruptDatabasesGiveAClearEnvironmentError() {
    for (String broken :
        new String[] {
          "GeoIP2-City-Test-Broken-Double-Format.mmdb", "GeoIP2-City-Test-Invalid-Node-Count.mmdb"
        }) {
      Path file = maxmind(broken);
      assertThatThrownBy(
              () -> {
                try (GeoDatabase db = GeoDatabase.open(file)) {
                  for (String a :
                      new String[] {
                        "2.125.160.216",
                        "81.2.69.142",
                        "89.160.20.115",
                        "2a02:cf40::1",
                        "216.160.83.56"
                      }) {
                    db.locate(InetAddress.getByName(a));
                  }
                }
              })
          .as(broken)
          .isInstanceOf(EnvironmentException.class)
          .hasMessageContaining("geo-IP database " + file)
          .hasMessageContaining("unreadable or corrupt")
          .matches(e -> !e.getMessage().contains("\n"), "one line");
    }
  }

  @Test
  void aMissingOrWrongKindOfFileIsNamed(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> GeoDatabase.open(dir.resolve("nope.mmdb")))
        .isInstanceOf(EnvironmentException.class)
        .hasMessageContaining("does not exist");
    Path text = Files.writeString(dir.resolve("text.mmdb"), "not a database");
    assertThatThrownBy(() -> GeoDatabase.open(text))
        .isInstanceOf(EnvironmentException.class)
        .hasMessageContaining("unreadable or corrupt");
  }
}
