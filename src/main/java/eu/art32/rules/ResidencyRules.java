package eu.art32.rules;

import eu.art32.evidence.Text;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * rules/residency.yaml: the EEA, the adequacy decisions with their numbers, dates and scope, and
 * the thresholds of the residency checks.
 */
public record ResidencyRules(
    String version,
    LocalDate reviewed,
    List<String> sources,
    Policy defaultPolicy,
    int databaseMaxAgeDays,
    double minSeparationKm,
    double fibreKmPerMs,
    Set<String> eea,
    List<Adequacy> adequacy) {

  /** Where a pair's data may sit. */
  public enum Policy {
    /** EU27 + IS, LI, NO only: the strict reading. */
    EEA,
    /** The EEA plus countries with an adequacy decision (within its scope). */
    EEA_ADEQUACY;

    public String spelling() {
      return this == EEA ? "eea" : "eea+adequacy";
    }

    public static Optional<Policy> parse(String text) {
      return switch (text) {
        case "eea" -> Optional.of(EEA);
        case "eea+adequacy" -> Optional.of(EEA_ADEQUACY);
        default -> Optional.empty();
      };
    }
  }

  /** One Commission adequacy decision. */
  public record Adequacy(
      String country, String name, String decision, LocalDate date, String scope) {}

  public ResidencyRules {
    sources = List.copyOf(sources);
    eea = Set.copyOf(eea);
    adequacy = List.copyOf(adequacy);
  }

  /** A pair's policy: its {@code residency.policy}, else the default of this file. */
  public Policy policyOf(String configured) {
    return configured == null ? defaultPolicy : Policy.parse(configured).orElse(defaultPolicy);
  }

  /** What the policy allows, in every language: the words of an expected value. */
  public Text allowed(Policy policy) {
    return Text.of(
        policy == Policy.EEA ? "residency.allowed.eea" : "residency.allowed.adequacy",
        String.valueOf(reviewed));
  }

  public boolean inEea(String country) {
    return country != null && eea.contains(country);
  }

  public Optional<Adequacy> adequacy(String country) {
    return adequacy.stream().filter(a -> a.country().equals(country)).findFirst();
  }
}
