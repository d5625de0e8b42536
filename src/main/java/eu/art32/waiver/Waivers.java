package eu.art32.waiver;

import eu.art32.evidence.Catalogue;
import eu.art32.evidence.Finding;
import eu.art32.evidence.PairEvidence;
import eu.art32.evidence.Status;
import eu.art32.evidence.Text;
import eu.art32.evidence.WaiverEvidence;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies waivers to a run's findings. A FAIL or WARN finding covered by a waiver in force becomes
 * WAIVED, its observed text carrying the justification, approver, expiry and the status it had; a
 * finding covered only by an expired waiver keeps its status and says the waiver expired.
 */
public final class Waivers {
  private Waivers() {}

  public record Applied(List<PairEvidence> pairs, List<WaiverEvidence> waivers) {}

  public static Applied apply(List<PairEvidence> pairs, List<Waiver> waivers, LocalDate today) {
    List<List<String>> matched = new ArrayList<>();
    waivers.forEach(w -> matched.add(new ArrayList<>()));
    List<PairEvidence> out = new ArrayList<>();
    for (PairEvidence pair : pairs) {
      List<Finding> findings = new ArrayList<>();
      for (Finding finding : pair.findings()) {
        Finding result = finding;
        for (int i = 0; i < waivers.size(); i++) {
          Waiver w = waivers.get(i);
          if (!w.covers(pair.name(), finding.id())) {
            continue;
          }
          matched.get(i).add(pair.name() + "/" + finding.id());
          boolean waivable = finding.status() == Status.FAIL || finding.status() == Status.WARN;
          if (waivable && w.activeOn(today) && result.status() != Status.WAIVED) {
            result =
                with(
                    finding,
                    Status.WAIVED,
                    Text.of(
                        "waiver.waived",
                        Text.of("status." + finding.status()),
                        w.justification(),
                        w.approver(),
                        w.expires().toString()));
          } else if (waivable && !w.activeOn(today) && result == finding) {
            result =
                with(
                    finding,
                    finding.status(),
                    Text.of("waiver.expired", w.expires().toString(), w.justification()));
          }
        }
        findings.add(result);
      }
      out.add(pair.withFindings(findings));
    }
    List<WaiverEvidence> report = new ArrayList<>();
    for (int i = 0; i < waivers.size(); i++) {
      Waiver w = waivers.get(i);
      String state =
          matched.get(i).isEmpty() ? "UNMATCHED" : w.activeOn(today) ? "APPLIED" : "EXPIRED";
      report.add(
          new WaiverEvidence(
              w.finding(),
              w.pair(),
              w.justification(),
              w.approver(),
              w.expires().toString(),
              w.location() == null ? null : w.location().toString(),
              state,
              matched.get(i)));
    }
    return new Applied(out, report);
  }

  /** The finding with a waiver's note after its observed words, in every language. */
  private static Finding with(Finding f, Status status, Text note) {
    String observed = f.observed() + Catalogue.english().say(note);
    return f.withStatus(
        status, observed, f.observedText() == null ? null : f.observedText().then(note));
  }
}
