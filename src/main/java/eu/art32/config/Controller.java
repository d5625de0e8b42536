package eu.art32.config;

import java.util.List;

/**
 * The data controller whose personal data the pairs hold (GDPR Art. 4(7), "behandlingsansvarlig"):
 * name, organisation number, the system, the personal data it holds, and a contact. Shown on the
 * report's first page and kept in the evidence; every field is optional.
 */
public record Controller(
    String name,
    String organisationNumber,
    String system,
    List<String> personalData,
    String contact) {
  /** Nothing stated yet: the defaults a controller: block fills in. */
  public static final Controller NONE = new Controller(null, null, null, List.of(), null);

  public Controller {
    personalData = personalData == null ? List.of() : List.copyOf(personalData);
  }
}
