package eu.art32.topology;

/** The part a node plays in a pair. */
public enum Role {
  PRIMARY,
  REPLICA;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
