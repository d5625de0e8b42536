package eu.art32.residency;

/**
 * Where a geo-IP database places one address. Country is ISO 3166 alpha-2; the rest is absent in
 * country-only databases.
 */
public record GeoPlace(
    String country,
    String city,
    Double latitude,
    Double longitude,
    Integer accuracyKm,
    String network,
    Long asn,
    String organisation) {
  public boolean hasPosition() {
    return latitude != null && longitude != null;
  }

  GeoPlace withAsn(Long number, String org) {
    return new GeoPlace(country, city, latitude, longitude, accuracyKm, network, number, org);
  }
}
