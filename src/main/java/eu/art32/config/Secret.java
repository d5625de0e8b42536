package eu.art32.config;

import java.util.Objects;

/**
 * A password and where it came from. {@link #toString()} never shows the value, so a secret that
 * slips into a message, a log line or a report shows only its source.
 */
public final class Secret {
  private final String value;
  private final String source;

  public Secret(String value, String source) {
    this.value = Objects.requireNonNull(value, "value");
    this.source = Objects.requireNonNull(source, "source");
  }

  /** The value itself, for the one place that needs it: the database driver. */
  public String reveal() {
    return value;
  }

  /** Where the secret came from, e.g. {@code env ART32_PASSWORD}; safe to print. */
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return "<redacted: " + source + ">";
  }
}
