package eu.art32.evidence;

import eu.art32.config.Site;
import java.util.Objects;

/** What the evidence records about one node: where it is said to be and what it reported. */
public record NodeEvidence(
    String role,
    String address,
    String flavor,
    String version,
    String serverId,
    String executedGtids,
    String sessionCipher,
    Site declaredSite) {
  public NodeEvidence {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(address, "address");
    declaredSite = declaredSite == null ? Site.UNDECLARED : declaredSite;
  }
}
