package eu.art32.residency;

import java.time.Instant;

/** Which database answered, for the report: file, type, layout, build date, licence note. */
public record GeoDatabaseInfo(
    String file,
    String type,
    String layout,
    Instant buildDate,
    String description,
    String licence) {}
