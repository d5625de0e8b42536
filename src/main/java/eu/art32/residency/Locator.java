package eu.art32.residency;

import eu.art32.EnvironmentException;
import eu.art32.config.Site;
import eu.art32.evidence.ResidencyEvidence;
import eu.art32.topology.Addresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a host to all its A and AAAA records and locates each address. Addresses no database can
 * place (loopback, private, CGNAT, link-local, unique-local) are located through the node's
 * declared public address when there is one, and marked as declared.
 */
final class Locator {
  private final GeoDatabases databases;

  Locator(GeoDatabases databases) {
    this.databases = databases;
  }

  ResidencyEvidence.NodeLocation locate(String role, String host, Site site) {
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      return new ResidencyEvidence.NodeLocation(
          role, host, List.of(), "cannot resolve " + host + ": " + e.getMessage());
    }
    List<ResidencyEvidence.AddressLocation> located = new ArrayList<>();
    try {
      for (InetAddress address : addresses) {
        located.add(locate(address, site));
      }
    } catch (EnvironmentException e) {
      // a database that breaks on a lookup: this node is not assessed, with the reason
      return new ResidencyEvidence.NodeLocation(role, host, List.of(), e.getMessage());
    }
    return new ResidencyEvidence.NodeLocation(role, host, located, null);
  }

  private ResidencyEvidence.AddressLocation locate(InetAddress address, Site site) {
    Addresses.Kind kind = Addresses.kind(address);
    InetAddress lookup = address;
    boolean declared = false;
    if (kind != Addresses.Kind.PUBLIC) {
      if (site.publicIp() == null) {
        return unlocated(
            address,
            kind,
            "a "
                + kind.describe()
                + " address is in no geo-IP database and no site.publicIp is declared");
      }
      try {
        lookup = InetAddress.getByName(site.publicIp());
        declared = true;
      } catch (UnknownHostException e) {
        return unlocated(
            address, kind, "declared site.publicIp '" + site.publicIp() + "' is not an address");
      }
    }
    if (databases.location().isEmpty()) {
      return unlocated(address, kind, "no geo-IP database");
    }
    Optional<GeoPlace> place = databases.location().get().locate(lookup);
    if (place.isEmpty() || place.get().country() == null) {
      return ResidencyEvidence.AddressLocation.unlocated(
          address.getHostAddress(),
          kind.describe(),
          lookup.getHostAddress(),
          declared,
          "not in the geo-IP database");
    }
    GeoPlace p = place.get();
    InetAddress asnAddress = lookup;
    var asn = databases.asn().flatMap(db -> db.lookup(asnAddress));
    return new ResidencyEvidence.AddressLocation(
        address.getHostAddress(),
        kind.describe(),
        lookup.getHostAddress(),
        declared,
        p.country(),
        p.city(),
        p.latitude(),
        p.longitude(),
        p.accuracyKm(),
        asn.map(AsnDatabase.Asn::number).orElse(null),
        asn.map(AsnDatabase.Asn::organisation).orElse(null),
        p.network(),
        null);
  }

  private static ResidencyEvidence.AddressLocation unlocated(
      InetAddress address, Addresses.Kind kind, String why) {
    return ResidencyEvidence.AddressLocation.unlocated(
        address.getHostAddress(), kind.describe(), null, false, why);
  }
}
