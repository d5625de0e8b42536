package eu.art32.residency;

import com.maxmind.db.Reader;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import eu.art32.Art32Exception;
import eu.art32.EnvironmentException;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A geo-IP database: MaxMind GeoIP2/GeoLite2 City or Country files through the geoip2 reader, or
 * the free country-only layout whose records hold a top-level {@code country_code}.
 */
public sealed interface GeoDatabase extends Closeable
    permits GeoDatabase.MaxMind, GeoDatabase.CountryCode {

  GeoDatabaseInfo info();

  /** Why {@code file} cannot be a database file ("X does not exist", ...), or null. */
  static String notAFile(Path file) {
    if (Files.isDirectory(file)) {
      return file + " is a directory, not a database file";
    }
    if (!Files.exists(file)) {
      return file + " does not exist";
    }
    if (!Files.isRegularFile(file)) {
      return file + " is not a regular file (a device or a pipe)";
    }
    return null;
  }

  Optional<GeoPlace> locate(InetAddress address);

  /**
   * Opens a database; an unreadable or corrupt file is an {@link EnvironmentException} (exit 3)
   * naming the file and the first cause.
   */
  static GeoDatabase open(Path file) {
    String problem = notAFile(file);
    if (problem != null) {
      throw new EnvironmentException("geo-IP database " + problem);
    }
    try {
      String type;
      try (Reader probe = new Reader(file.toFile())) {
        type = probe.getMetadata().getDatabaseType();
      }
      if (type != null
          && (type.startsWith("GeoIP2-")
              || type.startsWith("GeoLite2-")
              || type.startsWith("DBIP-"))) {
        if (type.contains("ASN")) {
          throw new EnvironmentException(
              "geo-IP database "
                  + file
                  + " is an ASN database ("
                  + type
                  + "); give it as the ASN database, and a City or Country database here");
        }
        return new MaxMind(file, new DatabaseReader.Builder(file.toFile()).build());
      }
      return new CountryCode(file, new Reader(file.toFile()));
    } catch (IOException | RuntimeException e) {
      if (e instanceof EnvironmentException known) {
        throw known;
      }
      throw corrupt(file, e);
    }
  }

  static EnvironmentException corrupt(Path file, Exception e) {
    String cause = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new EnvironmentException(
        "geo-IP database " + file + " is unreadable or corrupt: " + Art32Exception.firstLine(cause),
        e);
  }

  /** MaxMind City or Country databases. */
  final class MaxMind implements GeoDatabase {
    private final Path file;
    private final DatabaseReader reader;
    private final boolean city;

    MaxMind(Path file, DatabaseReader reader) {
      this.file = file;
      this.reader = reader;
      this.city =
          reader.getMetadata().getDatabaseType().contains("City")
              || reader.getMetadata().getDatabaseType().contains("Enterprise");
    }

    @Override
    public GeoDatabaseInfo info() {
      var m = reader.getMetadata();
      String type = m.getDatabaseType();
      String description = m.getDescription().getOrDefault("en", "");
      String licence =
          description.contains("Test Database")
              ? "MaxMind test database (MIT / Apache-2.0): fake data for examples, not real locations"
              : type.startsWith("GeoLite2")
                  ? "GeoLite2 data created by MaxMind, available from https://www.maxmind.com (GeoLite2 EULA, CC BY-SA 4.0 attribution)"
                  : type.startsWith("DBIP")
                      ? "DB-IP data in MaxMind format (licence as stated by DB-IP)"
                      : "MaxMind GeoIP2 data (commercial licence of the user)";
      return new GeoDatabaseInfo(
          file.toString(),
          type,
          city ? "MaxMind City" : "MaxMind Country",
          m.getBuildDate().toInstant(),
          m.getDescription().getOrDefault("en", ""),
          licence);
    }

    @Override
    public Optional<GeoPlace> locate(InetAddress address) {
      try {
        if (city) {
          return reader
              .tryCity(address)
              .map(
                  r ->
                      new GeoPlace(
                          r.getCountry().getIsoCode(),
                          r.getCity().getName(),
                          r.getLocation().getLatitude(),
                          r.getLocation().getLongitude(),
                          r.getLocation().getAccuracyRadius(),
                          r.getTraits().getNetwork() == null
                              ? null
                              : r.getTraits().getNetwork().toString(),
                          null,
                          null));
        }
        return reader
            .tryCountry(address)
            .map(
                r ->
                    new GeoPlace(
                        r.getCountry().getIsoCode(),
                        null,
                        null,
                        null,
                        null,
                        r.getTraits().getNetwork() == null
                            ? null
                            : r.getTraits().getNetwork().toString(),
                        null,
                        null));
      } catch (IOException | GeoIp2Exception | RuntimeException e) {
        throw corrupt(file, e instanceof Exception ex ? ex : new RuntimeException(e));
      }
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }

  /** The country-only layout: each record is a map with a top-level {@code country_code}. */
  final class CountryCode implements GeoDatabase {
    private final Path file;
    private final Reader reader;

    CountryCode(Path file, Reader reader) {
      this.file = file;
      this.reader = reader;
    }

    @Override
    public GeoDatabaseInfo info() {
      var m = reader.getMetadata();
      return new GeoDatabaseInfo(
          file.toString(),
          m.getDatabaseType(),
          "country_code",
          m.getBuildDate().toInstant(),
          m.getDescription().getOrDefault("en", ""),
          m.getDatabaseType().startsWith("art32-sandbox")
              ? "written by art32 sandbox for its two declared addresses only: not geo-IP data"
              : "country-only data in the country_code layout; licence as its publisher states (often CC BY 4.0, built from RIR delegations)");
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<GeoPlace> locate(InetAddress address) {
      try {
        var record = reader.getRecord(address, Map.class);
        Map<String, Object> data = (Map<String, Object>) record.getData();
        if (data == null || !(data.get("country_code") instanceof String code)) {
          return Optional.empty();
        }
        return Optional.of(
            new GeoPlace(
                code.toUpperCase(Locale.ROOT),
                null,
                null,
                null,
                null,
                record.getNetwork().toString(),
                null,
                null));
      } catch (IOException | RuntimeException e) {
        throw corrupt(file, e);
      }
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }
}
