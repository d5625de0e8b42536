package eu.art32.config;

/** A place in a file a person can jump to: {@code file:line:column}, both 1-based. */
public record Location(String file, int line, int column) {
  public Location {
    if (file == null) {
      throw new NullPointerException("file");
    }
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
