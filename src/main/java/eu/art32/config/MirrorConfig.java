package eu.art32.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The file mirror beside a pair: what lsyncd copies from where to where, and the file-RPO objective
 * for it (null: rules/mirror.yaml defaultFileRpo).
 */
public record MirrorConfig(
    Path source, String target, Path lsyncdConfig, Duration fileRpo, String remoteShell) {}
