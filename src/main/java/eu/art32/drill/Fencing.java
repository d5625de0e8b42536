package eu.art32.drill;

import eu.art32.Art32Exception;
import eu.art32.evidence.DrillEvidence;
import eu.art32.evidence.Text;
import eu.art32.topology.NodeConnector;
import java.time.Duration;

/**
 * Keeps the old primary from accepting writes once the replica is promoted: read_only (and
 * super_read_only on MySQL) set as soon as it can be reached, and read back.
 */
final class Fencing {
  private Fencing() {}

  /** Right after promotion: fences the old primary if it answers within a second. */
  static DrillEvidence.Fencing atPromotion(DrillNode primary) {
    DrillNode quick =
        new DrillNode(
            primary.label(),
            primary.config(),
            new NodeConnector(Duration.ofSeconds(1), Duration.ofSeconds(2)));
    quick.useDialect(primary.dialect());
    try {
      return fence(quick, "at promotion");
    } catch (Art32Exception e) {
      return DrillEvidence.Fencing.of(
          "on return",
          false,
          Text.of("drill.fencing.unreachable", Art32Exception.firstLine(e.getMessage())));
    }
  }

  static DrillEvidence.Fencing fence(DrillNode node, String when) {
    node.execute(node.dialect().fenceSql().toArray(String[]::new));
    boolean readOnly = node.readOnly();
    return DrillEvidence.Fencing.of(
        when,
        readOnly,
        Text.of(
            readOnly ? "drill.fencing.readBack" : "drill.fencing.notReadBack",
            node.config().address(),
            String.join("; ", node.dialect().fenceSql())));
  }
}
