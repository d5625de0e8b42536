package eu.art32.evidence;

import java.util.List;

/**
 * An objective area every report lists: replication, RPO, RTO, residency, and so on. {@code
 * section} is where the report puts it: b, c, d for Art. 32(1)(b)-(d), v for Chapter V.
 */
public record Area(String id, String title, String section, List<Reference> references) {
  public Area {
    references = List.copyOf(references);
  }
}
