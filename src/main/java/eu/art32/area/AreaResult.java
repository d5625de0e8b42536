package eu.art32.area;

import eu.art32.evidence.EvidenceKind;
import eu.art32.evidence.Finding;
import java.util.List;
import java.util.Objects;

/**
 * What one area check found: its findings and, under its {@link EvidenceKind}, the evidence it
 * recorded (null when it recorded none, as when it was not assessed).
 */
public record AreaResult(EvidenceKind<?> kind, Object evidence, List<Finding> findings) {
  public AreaResult {
    findings = List.copyOf(findings);
    if (evidence != null) {
      Objects.requireNonNull(kind, "kind");
      if (!kind.type().isInstance(evidence)) {
        throw new IllegalArgumentException(
            kind.key() + " evidence must be a " + kind.type().getSimpleName());
      }
    }
  }

  public static <E> AreaResult of(EvidenceKind<E> kind, E evidence, List<Finding> findings) {
    return new AreaResult(kind, evidence, findings);
  }

  /** Findings without evidence. */
  public static AreaResult of(List<Finding> findings) {
    return new AreaResult(null, null, findings);
  }
}
