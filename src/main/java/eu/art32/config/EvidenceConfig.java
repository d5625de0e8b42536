package eu.art32.config;

import java.nio.file.Path;

/**
 * Where runs are kept and how they are signed ({@code evidence:} in art32.yaml): the history
 * directory, and the Ed25519 key pair (PEM) that signs each manifest. Any may be null.
 */
public record EvidenceConfig(Path history, Path signingKey, Path signingPublicKey) {}
