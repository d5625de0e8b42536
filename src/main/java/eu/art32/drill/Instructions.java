package eu.art32.drill;

import eu.art32.evidence.Text;
import java.util.List;

/**
 * What a person must do when art32 cannot put a pair back by itself: the nodes, what art32 did
 * before it stopped, and the steps to finish by hand, as a Text so the report says it in its
 * language (the console prints it in English).
 */
final class Instructions {
  private Instructions() {}

  static Text forPair(DrillNode oldPrimary, DrillNode oldReplica, List<Text> actions) {
    Text nodes =
        Text.of(
            "drill.instructions.nodes",
            oldPrimary.config().address(),
            oldReplica.config().address());
    if (actions.isEmpty()) {
      return Text.of("drill.instructions", nodes, Text.of("drill.instructions.steps"));
    }
    List<Text> done = actions.stream().map(a -> Text.of("drill.instructions.action", a)).toList();
    return Text.of(
        "drill.instructions.did",
        nodes,
        Text.join("drill.instructions.newline", done),
        Text.of("drill.instructions.steps"));
  }
}
