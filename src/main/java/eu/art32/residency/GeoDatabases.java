package eu.art32.residency;

import eu.art32.EnvironmentException;
import eu.art32.evidence.ResidencyEvidence;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The databases a run uses: the one named on the command line or in art32.yaml, else the first
 * found where geoipupdate puts them. A named database that cannot be read stops the run (exit 3);
 * none found means residency is not assessed, with the places searched.
 */
public final class GeoDatabases implements Closeable {
  static final List<Path> SEARCH = List.of(Path.of("/usr/share/GeoIP"), Path.of("/var/lib/GeoIP"));
  static final List<String> LOCATION_FILES =
      List.of(
          "GeoIP2-City.mmdb", "GeoLite2-City.mmdb", "GeoIP2-Country.mmdb", "GeoLite2-Country.mmdb");
  static final List<String> ASN_FILES = List.of("GeoLite2-ASN.mmdb", "GeoIP2-ASN.mmdb");

  private final GeoDatabase location;
  private final AsnDatabase asn;
  private final String missing;

  private GeoDatabases(GeoDatabase location, AsnDatabase asn, String missing) {
    this.location = location;
    this.asn = asn;
    this.missing = missing;
  }

  public static GeoDatabases open(Path database, Path asnDatabase) {
    GeoDatabase location = null;
    String missing = null;
    Path chosen = database != null ? database : search(LOCATION_FILES).orElse(null);
    if (chosen != null) {
      try {
        location = GeoDatabase.open(chosen);
      } catch (EnvironmentException e) {
        // an unusable database leaves the residency area NOT_ASSESSED with this reason; the rest
        // of the audit runs
        missing = e.getMessage();
      }
    } else {
      missing =
          "no geo-IP database: give --geoip-db or geoip.database in art32.yaml (searched "
              + places(LOCATION_FILES)
              + ")";
    }
    AsnDatabase asn = null;
    if (asnDatabase != null && location != null) {
      try {
        asn = AsnDatabase.open(asnDatabase);
      } catch (EnvironmentException e) {
        closeQuietly(location);
        location = null;
        missing = e.getMessage();
      }
    } else if (location != null) {
      asn = search(ASN_FILES).map(AsnDatabase::open).orElse(null);
    }
    return new GeoDatabases(location, asn, missing);
  }

  private static void closeQuietly(GeoDatabase database) {
    try {
      database.close();
    } catch (IOException | RuntimeException e) {
      // being dropped anyway
    }
  }

  private static Optional<Path> search(List<String> names) {
    for (Path dir : SEARCH) {
      for (String name : names) {
        if (Files.isRegularFile(dir.resolve(name))) {
          return Optional.of(dir.resolve(name));
        }
      }
    }
    return Optional.empty();
  }

  private static String places(List<String> names) {
    List<String> places = new ArrayList<>();
    SEARCH.forEach(d -> places.add(d + "/{" + String.join(",", names) + "}"));
    return String.join(", ", places);
  }

  public Optional<GeoDatabase> location() {
    return Optional.ofNullable(location);
  }

  public Optional<AsnDatabase> asn() {
    return Optional.ofNullable(asn);
  }

  public ResidencyEvidence.Database describe(Clock clock) {
    if (location == null) {
      return new ResidencyEvidence.Database(
          null, null, null, null, null, null, null, null, missing);
    }
    GeoDatabaseInfo info = location.info();
    long age = Duration.between(info.buildDate(), clock.instant()).toDays();
    return new ResidencyEvidence.Database(
        info.file(),
        info.type(),
        info.layout(),
        info.buildDate(),
        age,
        info.description(),
        info.licence(),
        asn == null ? null : asn.toString(),
        null);
  }

  @Override
  public void close() throws IOException {
    if (location != null) {
      location.close();
    }
    if (asn != null) {
      asn.close();
    }
  }
}
