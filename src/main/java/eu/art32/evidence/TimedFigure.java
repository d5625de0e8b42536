package eu.art32.evidence;

/**
 * A timed figure as art32 measured it and as the art32 host could at least have been responsible
 * for it: {@code measured} includes whatever the host's own scheduling added; {@code undistorted}
 * is the same figure with every delay the host watch saw removed, so the true value lies between
 * the two. A verdict needs both on the same side of the limit; otherwise it is unconfirmed.
 */
public record TimedFigure(double measured, double undistorted) {
  public TimedFigure {
    undistorted = Math.min(undistorted, measured);
  }

  /**
   * FAIL when even the undistorted figure is over the limit, PASS when even the measured one is
   * within it, WARN (unconfirmed: the host was too busy to tell) in between. {@code limitPasses}:
   * whether a figure equal to the limit meets it ({@code <=}) or not ({@code <}).
   */
  public Status against(double limit, boolean limitPasses) {
    if (limitPasses ? undistorted > limit : undistorted >= limit) {
      return Status.FAIL;
    }
    if (limitPasses ? measured <= limit : measured < limit) {
      return Status.PASS;
    }
    return Status.WARN;
  }

  /**
   * The observed text of an unconfirmed finding: "unconfirmed: the art32 host was busy, so the
   * {@code figure} may be below or above the {@code limit}: {@code observed}".
   */
  public static Text unconfirmed(String figure, String limit, Text observed) {
    return Text.of(
        "unconfirmed", Text.of("figure." + figure), Text.of("figure." + limit), observed);
  }

  public static String unconfirmed(String figure, String limit, String observed) {
    return "unconfirmed: the art32 host was busy, so the "
        + figure
        + " may be below or above the "
        + limit
        + ": "
        + observed;
  }

  /** Whether the host's own delays may have changed this figure. */
  public boolean distorted() {
    return undistorted < measured;
  }
}
