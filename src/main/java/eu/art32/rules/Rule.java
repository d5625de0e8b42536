package eu.art32.rules;

import eu.art32.evidence.Reference;
import eu.art32.evidence.Severity;
import eu.art32.topology.Role;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/** One replication rule from rules/replication.yaml. */
public record Rule(
    String id,
    String title,
    Severity severity,
    Check check,
    Set<String> flavors,
    Set<Role> nodes,
    List<String> variables,
    List<String> expected,
    boolean warnOnly,
    String rationale,
    String remediation,
    List<Reference> references) {
  /** The kinds of check a rule can name. */
  public enum Check {
    VARIABLE,
    UNIQUE_SERVER_ID,
    REPLICA_CONFIGURED,
    REPLICA_THREADS,
    GTID_AUTO_POSITION,
    CHANNEL_TLS
  }

  public Rule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(check, "check");
    flavors = Set.copyOf(flavors);
    nodes = Set.copyOf(nodes);
    variables = List.copyOf(variables);
    expected = List.copyOf(expected);
    references = List.copyOf(references);
  }

  /** Whether the rule applies to a server of this flavor ("mysql" or "mariadb"). */
  public boolean appliesTo(String flavor) {
    return flavors.isEmpty() || flavors.contains(flavor.toLowerCase(Locale.ROOT));
  }
}
