package eu.art32.config;

import java.util.Objects;

/** One thing wrong with a file, and where. */
public record Problem(Location location, String message) {
  public Problem {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return location + ": " + message;
  }
}
