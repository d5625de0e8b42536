package eu.art32.config;

/** Where a node is declared to be: ISO 3166 country code, city, provider, facility, public IP. */
public record Site(String country, String city, String provider, String facility, String publicIp) {
  public static final Site UNDECLARED = new Site(null, null, null, null, null);
}
