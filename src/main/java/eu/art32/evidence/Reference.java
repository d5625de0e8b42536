package eu.art32.evidence;

import java.util.Objects;

/** A legal or standards reference a finding maps to, e.g. GDPR Art. 32(1)(b). */
public record Reference(String id, String citation, String text) {
  public Reference {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(citation, "citation");
    Objects.requireNonNull(text, "text");
  }
}
