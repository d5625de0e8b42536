package eu.art32.config;

import java.nio.file.Path;

/** The file mirror beside a pair: what lsyncd copies from where to where. */
public record MirrorConfig(Path source, String target, Path lsyncdConfig) {}
