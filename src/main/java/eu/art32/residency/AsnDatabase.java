package eu.art32.residency;

import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import eu.art32.EnvironmentException;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;

/** A MaxMind (GeoLite2) ASN database: the network's AS number and organisation. */
public final class AsnDatabase implements Closeable {
  /** AS number and organisation of an address. */
  public record Asn(long number, String organisation) {}

  private final Path file;
  private final DatabaseReader reader;

  private AsnDatabase(Path file, DatabaseReader reader) {
    this.file = file;
    this.reader = reader;
  }

  public static AsnDatabase open(Path file) {
    String problem = GeoDatabase.notAFile(file);
    if (problem != null) {
      throw new EnvironmentException("geo-IP ASN database " + problem);
    }
    try {
      DatabaseReader reader = new DatabaseReader.Builder(file.toFile()).build();
      if (!reader.getMetadata().getDatabaseType().contains("ASN")) {
        reader.close();
        throw new EnvironmentException(
            "geo-IP ASN database "
                + file
                + " is a "
                + reader.getMetadata().getDatabaseType()
                + " database, not ASN");
      }
      return new AsnDatabase(file, reader);
    } catch (IOException | RuntimeException e) {
      if (e instanceof EnvironmentException known) {
        throw known;
      }
      throw GeoDatabase.corrupt(file, e);
    }
  }

  @Override
  public String toString() {
    return file + " (" + type() + ")";
  }

  public String type() {
    return reader.getMetadata().getDatabaseType();
  }

  public Optional<Asn> lookup(InetAddress address) {
    try {
      return reader
          .tryAsn(address)
          .filter(r -> r.getAutonomousSystemNumber() != null)
          .map(r -> new Asn(r.getAutonomousSystemNumber(), r.getAutonomousSystemOrganization()));
    } catch (IOException | GeoIp2Exception | RuntimeException e) {
      throw GeoDatabase.corrupt(file, e instanceof Exception ex ? ex : new RuntimeException(e));
    }
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
