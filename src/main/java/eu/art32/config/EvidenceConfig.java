package eu.art32.config;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where runs are kept and how they are signed ({@code evidence:} in art32.yaml): the history
 * directory, the Ed25519 key pair (PEM) that signs each manifest, and the RFC 3161 time-stamping
 * authority that timestamps it. Any may be null.
 */
public record EvidenceConfig(
    Path history, Path signingKey, Path signingPublicKey, URI timestampAuthority) {
  public EvidenceConfig(Path history, Path signingKey, Path signingPublicKey) {
    this(history, signingKey, signingPublicKey, null);
  }
}
