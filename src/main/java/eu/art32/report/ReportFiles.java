package eu.art32.report;

import java.nio.file.Path;

/** Where one run's evidence, reports, CI outputs and manifest were written. */
public record ReportFiles(
    Path evidenceJson,
    Path html,
    Path pdf,
    Path junit,
    Path markdown,
    Path manifest,
    Path stored) {}
