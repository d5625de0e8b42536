package eu.art32.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.art32.evidence.EvidenceJson;
import eu.art32.evidence.PairEvidence;
import eu.art32.evidence.RunEvidence;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A fleet run's evidence per pair: {@code pairs/<name>/evidence.json}, each the run's evidence
 * narrowed to one pair (same run id, same waivers that concern it), for whoever owns that pair.
 * Written with the run's other files, into the same hidden folder, and moved with them.
 */
final class PairEvidenceFiles {
  static final String DIR = "pairs";

  private PairEvidenceFiles() {}

  /** Writes {@code pairs/} into {@code dir}; the files' names relative to {@code dir}. */
  static List<String> write(ObjectNode tree, Path dir) throws IOException {
    RunEvidence run = EvidenceJson.read(tree);
    List<String> names = new java.util.ArrayList<>();
    for (PairEvidence pair : run.pairs()) {
      RunEvidence one =
          new RunEvidence(
              run.schema(),
              run.tool(),
              run.toolVersion(),
              run.rulesVersion(),
              run.runId(),
              run.command(),
              run.operator(),
              run.startedAt(),
              run.endedAt(),
              run.configFile(),
              run.configDigest(),
              run.areas(),
              List.of(pair),
              run.waivers().stream()
                  .filter(w -> w.pair().equals("*") || w.pair().equals(pair.name()))
                  .toList(),
              run.controller());
      String name = DIR + "/" + safe(pair.name()) + "/evidence.json";
      names.add(name);
      Path file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      EvidenceJson.writeAtomically(
          file, EvidenceJson.toJson(EvidenceJson.toTree(one)).getBytes(StandardCharsets.UTF_8));
    }
    return names;
  }

  /**
   * A pair name as a folder name: anything but letters, digits, '.', '_' and '-' becomes '_' (a
   * configured pair's name has none of those, and names are unique in a config).
   */
  static String safe(String name) {
    String cleaned = name.replaceAll("[^A-Za-z0-9._-]", "_");
    return cleaned.startsWith(".") ? "_" + cleaned : cleaned;
  }
}
