package eu.art32.evidence;

import java.time.Instant;
import java.util.List;

/**
 * Where a pair's nodes are, by geo-IP: the database that said so, each node's addresses and their
 * locations, the distance between primary and DR and what physics allows for their round trip.
 */
public record ResidencyEvidence(
    Database database,
    String policy,
    String rulesReviewed,
    List<NodeLocation> nodes,
    Double distanceKm,
    Double physicalMinRttMs,
    Double measuredMinRttMs) {
  public ResidencyEvidence {
    nodes = List.copyOf(nodes);
  }

  /** The geo-IP database used, or why there was none. */
  public record Database(
      String file,
      String type,
      String layout,
      Instant buildDate,
      Long ageDays,
      String description,
      String licence,
      String asnFile,
      String missing) {}

  /** One node (or the mirror target) and where each of its addresses is. */
  public record NodeLocation(
      String role, String host, List<AddressLocation> addresses, String error) {
    public NodeLocation {
      addresses = List.copyOf(addresses);
    }
  }

  /**
   * One address of a node. {@code located} is the address looked up: the address itself, or the
   * node's declared public address when the real one is private or loopback ({@code declared}).
   */
  public record AddressLocation(
      String address,
      String kind,
      String located,
      boolean declared,
      String country,
      String city,
      Double latitude,
      Double longitude,
      Integer accuracyKm,
      Long asn,
      String organisation,
      String network,
      String verdict) {
    /** An address that was not located, and why. */
    public static AddressLocation unlocated(
        String address, String kind, String located, boolean declared, String why) {
      return new AddressLocation(
          address, kind, located, declared, null, null, null, null, null, null, null, null, why);
    }

    public AddressLocation withVerdict(String text) {
      return new AddressLocation(
          address,
          kind,
          located,
          declared,
          country,
          city,
          latitude,
          longitude,
          accuracyKm,
          asn,
          organisation,
          network,
          text);
    }
  }
}
