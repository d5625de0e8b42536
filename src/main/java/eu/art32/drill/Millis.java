package eu.art32.drill;

/** Milliseconds as the evidence records them: three decimals, from nanoseconds. */
final class Millis {
  private Millis() {}

  static double of(long nanos) {
    return round(nanos / 1_000_000.0);
  }

  static double round(double millis) {
    return Math.round(millis * 1000.0) / 1000.0;
  }
}
