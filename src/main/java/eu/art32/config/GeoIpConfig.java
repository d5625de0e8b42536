package eu.art32.config;

import java.nio.file.Path;

/** The geo-IP databases named in art32.yaml ({@code geoip:}); either may be null. */
public record GeoIpConfig(Path database, Path asnDatabase) {}
