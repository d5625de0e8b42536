package eu.art32.cli;

import eu.art32.drill.DrillOutcome;
import eu.art32.evidence.DrillEvidence;
import java.io.PrintWriter;

/** The terminal lines about a drill: RPO, RTO, each step, fencing and failback. */
final class DrillSummary {
  private DrillSummary() {}

  static void print(PrintWriter out, DrillOutcome outcome) {
    DrillEvidence d = outcome.evidence();
    if (d == null) {
      out.println("drill: stopped at pre-flight; nothing was touched");
      return;
    }
    out.printf("drill %s: fault %s, promotion %s%n", d.drillId(), d.fault(), d.promotion());
    if (d.rto() != null && d.endpoint() != null) {
      out.println(
          "  RTO  "
              + (d.rto().achieved()
                  ? d.rto().ms()
                      + " ms (fault to first write through "
                      + d.endpoint().address()
                      + ")"
                  : "no write committed through " + d.endpoint().address()));
      out.println(
          "       "
              + (d.rto().databaseMs() == null
                  ? "the promoted node itself accepted no write"
                  : "the promoted node itself accepted writes after "
                      + d.rto().databaseMs()
                      + " ms"));
      for (DrillEvidence.Phase phase : d.rto().phases()) {
        boolean step = d.steps().stream().anyMatch(s -> s.name().equals(phase.name()));
        if (!step) {
          out.printf("       %-40s %9.1f ms%n", phase.name(), phase.durationMs());
        }
      }
    } else if (d.rto() != null) {
      out.println(
          "  RTO  "
              + (d.rto().achieved()
                  ? d.rto().ms() + " ms (fault to first committed write)"
                  : "no write committed"));
    }
    for (DrillEvidence.Step step : d.steps()) {
      out.printf("       %-40s %9.1f ms  %s%n", step.name(), step.durationMs(), step.outcome());
    }
    if (d.endpoint() != null && d.endpoint().splitBrainCommits() > 0) {
      out.println(
          "  SPLIT BRAIN "
              + d.endpoint().splitBrainCommits()
              + " write(s) through "
              + d.endpoint().address()
              + " committed on the old primary after the promoted node accepted writes");
    }
    if (d.rpo() != null) {
      out.printf(
          "  RPO  %d of %d acknowledged commits lost, loss window %s ms%n",
          d.rpo().lost(), d.rpo().acknowledged(), d.rpo().lossWindowMs());
    }
    if (d.gtids() != null) {
      out.println(
          "  GTID "
              + d.gtids().missingCount()
              + " missing on the promoted node"
              + (d.gtids().missingCount() == 0 ? "" : ": " + d.gtids().missing()));
    }
    if (d.fencing() != null) {
      out.println(
          "  fencing "
              + d.fencing().when()
              + ": "
              + (d.fencing().verified() ? "verified" : "NOT verified"));
    }
    if (d.failback() != null) {
      out.println(
          "  failback "
              + d.failback().mode()
              + ": "
              + (d.failback().healthy() ? "healthy, " : "FAILED, ")
              + d.failback().detail());
    }
    if (d.aborted() != null) {
      out.println("  aborted: " + d.aborted());
    }
  }
}
