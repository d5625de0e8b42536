package eu.art32.report;

import java.nio.file.Path;

/** Where one run's evidence and reports were written. */
public record ReportFiles(Path evidenceJson, Path html, Path pdf) {}
