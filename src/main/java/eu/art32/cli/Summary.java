package eu.art32.cli;

import eu.art32.audit.AuditResult;
import eu.art32.evidence.Finding;
import eu.art32.evidence.PairEvidence;
import eu.art32.evidence.Status;
import eu.art32.report.ReportFiles;
import java.io.PrintWriter;

/** The terminal summary of an audit: one line per pair and per failed finding, then the files. */
final class Summary {
  private Summary() {}

  /**
   * The summary for a person, or with {@code --json} one {@code result} event; errors always go to
   * standard error.
   */
  static void print(Context context, Terminal terminal, AuditResult result, int exitCode) {
    if (!terminal.human()) {
      for (PairEvidence pair : result.evidence().pairs()) {
        if (!pair.complete()) {
          context.err().println("error: pair " + pair.name() + ": " + Terminal.safe(pair.error()));
        }
      }
      terminal.result(
          result.evidence().verdict().name(),
          exitCode,
          result.files().evidenceJson().toString(),
          result.files().html().toString());
      return;
    }
    print(context.out(), context.err(), result);
  }

  static void print(PrintWriter out, PrintWriter err, AuditResult result) {
    for (PairEvidence pair : result.evidence().pairs()) {
      if (!pair.complete()) {
        err.println("error: pair " + pair.name() + ": " + Terminal.safe(pair.error()));
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
              finding.status(), finding.id(), finding.title(), Terminal.safe(finding.observed()));
        }
      }
    }
    for (var w : result.evidence().waivers()) {
      if (!w.state().equals("APPLIED")) {
        out.printf(
            "  waiver %s for %s/%s: %s%n",
            w.state(),
            w.pair(),
            w.finding(),
            w.state().equals("EXPIRED")
                ? "expired " + w.expires() + ", the findings count again"
                : "matches no finding of this run; remove it");
      }
    }
    files(out, result.files());
  }

  static void files(PrintWriter out, ReportFiles files) {
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
