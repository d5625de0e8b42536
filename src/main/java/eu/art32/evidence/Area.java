package eu.art32.evidence;

import java.util.List;

/** An objective area every report lists: replication, RPO, RTO, residency, and so on. */
public record Area(String id, String title, List<Reference> references) {
  public Area {
    references = List.copyOf(references);
  }
}
