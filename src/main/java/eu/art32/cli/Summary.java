package eu.art32.cli;

import eu.art32.audit.AuditResult;
import eu.art32.evidence.Finding;
import eu.art32.evidence.PairEvidence;
import eu.art32.evidence.Status;
import java.io.PrintWriter;

/** The terminal summary of an audit: one line per pair and per failed finding, then the files. */
final class Summary {
  private Summary() {}

  static void print(PrintWriter out, PrintWriter err, AuditResult result) {
    for (PairEvidence pair : result.evidence().pairs()) {
      if (!pair.complete()) {
        err.println("error: pair " + pair.name() + ": " + pair.error());
      }
      out.printf(
          "pair %s: %s  (pass %d, fail %d, warn %d, not assessed %d)%n",
          pair.name(),
          pair.complete() || pair.failed() ? pair.verdict().name() : "INCOMPLETE",
          pair.count(Status.PASS),
          pair.count(Status.FAIL),
          pair.count(Status.WARN),
          pair.count(Status.NOT_ASSESSED));
      for (Finding finding : pair.findings()) {
        if (finding.status() == Status.FAIL || finding.status() == Status.WARN) {
          out.printf(
              "  %-4s %s %s: %s%n",
              finding.status(), finding.id(), finding.title(), finding.observed());
        }
      }
    }
    files(out, result.files());
  }

  static void files(PrintWriter out, eu.art32.report.ReportFiles files) {
    out.println("evidence: " + files.evidenceJson());
    out.println("report:   " + files.html());
    out.println("pdf:      " + files.pdf());
    out.println("junit:    " + files.junit());
    out.println("summary:  " + files.markdown());
    out.println("manifest: " + files.manifest());
    if (files.stored() != null) {
      out.println("history:  " + files.stored());
    }
  }
}
