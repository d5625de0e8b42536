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
    out.println("evidence: " + result.evidenceJson());
    out.println("report:   " + result.html());
    out.println("pdf:      " + result.pdf());
  }
}
