package eu.art32.topology;

import java.util.Locale;

/** The part a node plays in a pair. */
public enum Role {
  PRIMARY,
  REPLICA;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
