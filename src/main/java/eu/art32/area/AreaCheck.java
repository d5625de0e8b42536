package eu.art32.area;

/**
 * One check area of an audit (residency, the network path, the mirror, table consistency...): given
 * a pair's context it returns the area's findings and the evidence it recorded. An area check keeps
 * its I/O apart from a pure findings class with unit tests. One instance serves every pair of a run
 * (state it shares across them, as the latency check's samples per node, is the run's): what one
 * pair's audit carries from {@link #start} to {@link #run} lives in that pair's {@link
 * AreaContext}.
 *
 * <p>The auditor runs every check of the run's registry in its order: {@link #start} right after
 * the pair's nodes are read, then the {@link Stage#SLOT} checks while the pair holds its work slot,
 * then the {@link Stage#AFTER} checks. When a check throws, its area is NOT_ASSESSED with the first
 * line of the reason and the pair's other areas go on.
 */
public interface AreaCheck {
  /** When in a pair's audit a check runs. */
  enum Stage {
    /** While the pair holds one of the run's work slots (see {@link Slots}), in registry order. */
    SLOT,
    /**
     * After the slot is given back, in registry order: checks that wait (a heartbeat window, a
     * sample window begun at {@link #start}) or that take a slot of their own (a backup restore).
     */
    AFTER
  }

  /** The area id, one of {@code RuleBook.AREAS}, under which the check's findings are filed. */
  String area();

  Stage stage();

  /**
   * Begins work that must span the pair's other checks (a heartbeat, CPU counters sampled over a
   * window), right after the nodes are read and while the pair holds its slot. Most checks have
   * none.
   */
  default void start(AreaContext context) {}

  /** The area's findings and evidence. */
  AreaResult run(AreaContext context);

  /** Stops what {@link #start} began; called once per pair, also when the audit broke. */
  default void close(AreaContext context) {}
}
