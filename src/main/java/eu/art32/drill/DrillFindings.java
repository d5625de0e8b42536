package eu.art32.drill;

import eu.art32.config.Objectives;
import eu.art32.evidence.Catalogue;
import eu.art32.evidence.DrillEvidence;
import eu.art32.evidence.Finding;
import eu.art32.evidence.Severity;
import eu.art32.evidence.Status;
import eu.art32.evidence.Text;
import eu.art32.evidence.TimedFigure;
import eu.art32.rules.RuleBook;
import java.util.ArrayList;
import java.util.List;

/** Judges a drill's evidence against the pair's objectives. */
final class DrillFindings {
  /** Lost sequence ranges a finding names; evidence.json holds them all. */
  static final int SHOWN_RANGES = 10;

  private DrillFindings() {}

  static List<Finding> of(DrillEvidence drill, Objectives objectives, RuleBook rules) {
    List<Finding> findings = new ArrayList<>();
    findings.add(rpo(drill, objectives, rules));
    findings.add(rto(drill, objectives, rules));
    findings.add(verify(drill, rules));
    findings.add(fencing(drill, rules));
    if (drill.endpoint() != null) {
      findings.add(splitBrain(drill, rules));
    }
    findings.add(failback(drill, rules));
    return findings;
  }

  private static Finding rpo(DrillEvidence drill, Objectives objectives, RuleBook rules) {
    long objective = objectives.rpo().toMillis();
    DrillEvidence.Rpo rpo = drill.rpo();
    Text expected = Text.of("drill.rpo.expected", objective);
    if (rpo == null) {
      return said(
          "DRILL-RPO",
          "Recovery point achieved in the drill",
          "rpo",
          Status.NOT_ASSESSED,
          Text.of("drill.rpo.notMeasured", nz(drill.aborted())),
          expected,
          rules,
          fix("drill.notMeasured"));
    }
    List<Text> parts = new ArrayList<>();
    parts.add(Text.of("drill.rpo.lost", rpo.lost(), rpo.acknowledged()));
    if (rpo.lost() != 0) {
      List<String> ranges = rpo.lostRanges();
      parts.add(
          ranges.size() <= SHOWN_RANGES
              ? Text.of("drill.rpo.lostSeq", String.join(", ", ranges))
              : Text.of(
                  "drill.rpo.lostSeqMore",
                  String.join(", ", ranges.subList(0, SHOWN_RANGES)),
                  ranges.size() - SHOWN_RANGES));
    }
    parts.add(Text.of("drill.rpo.window", rpo.lossWindowMs()));
    if (drill.gtids() != null && drill.gtids().assessed()) {
      parts.add(Text.of("drill.rpo.gtids", drill.gtids().missingCount()));
      List<DrillEvidence.TableLoss> application =
          drill.gtids().byTable().stream().filter(t -> !t.canary()).toList();
      if (!application.isEmpty()) {
        parts.add(
            Text.of(
                "drill.rpo.application",
                String.join(
                    ", ",
                    application.stream().map(t -> t.table() + " " + t.transactions()).toList())));
      }
    }
    Status status = rpo.window().against(objective, true);
    if (rpo.window().distorted() && rpo.lost() > 0) {
      parts.add(Text.of("drill.rpo.atLeast", rpo.lossWindowUndistortedMs()));
    }
    Text observed = Text.concat(parts.toArray());
    if (status == Status.WARN) {
      observed = TimedFigure.unconfirmed("lossWindow", "objective", observed);
    }
    return said(
        "DRILL-RPO",
        "Recovery point achieved in the drill",
        "rpo",
        status,
        observed,
        expected,
        rules,
        switch (status) {
          case FAIL -> fix("drill.rpo.fail");
          case WARN -> fix("drill.rpo.warn");
          default -> "";
        });
  }

  private static Finding rto(DrillEvidence drill, Objectives objectives, RuleBook rules) {
    long objective = objectives.rto().toMillis();
    DrillEvidence.Rto rto = drill.rto();
    DrillEvidence.Endpoint endpoint = drill.endpoint();
    Text expected =
        endpoint == null
            ? Text.of("drill.rto.expected", objective)
            : Text.of("drill.rto.expectedEndpoint", objective);
    if (rto == null) {
      return said(
          "DRILL-RTO",
          "Recovery time achieved in the drill",
          "rto",
          Status.NOT_ASSESSED,
          Text.of("drill.rto.notMeasured", nz(drill.aborted())),
          expected,
          rules,
          fix("drill.notMeasured"));
    }
    List<Text> parts = new ArrayList<>();
    if (endpoint == null) {
      parts.add(
          rto.achieved()
              ? Text.of("drill.rto.achieved", rto.ms())
              : Text.of("drill.rto.notAchieved"));
    } else {
      parts.add(
          rto.achieved()
              ? Text.of("drill.rto.achievedEndpoint", endpoint.address(), rto.ms())
              : Text.of("drill.rto.notAchievedEndpoint", endpoint.address()));
      parts.add(
          rto.databaseMs() != null
              ? Text.of("drill.rto.database", rto.databaseMs())
              : Text.of("drill.rto.noDatabase"));
    }
    if (rto.detectTimeoutMs() != null) {
      // a failover manager promoted on its own: when art32 saw it act, or that it never did
      double detected =
          rto.phases().stream()
              .filter(p -> p.name().equals("detection"))
              .mapToDouble(DrillEvidence.Phase::durationMs)
              .findFirst()
              .orElse(Double.NaN);
      parts.add(
          rto.achieved() || rto.databaseMs() != null
              ? Text.of("drill.rto.managerSeen", detected)
              : Text.of("drill.rto.managerNever", rto.detectTimeoutMs()));
    }
    List<String> failed =
        drill.steps().stream()
            .filter(s -> !s.succeeded())
            .map(s -> s.name() + " (" + s.outcome() + ")")
            .toList();
    if (!failed.isEmpty()) {
      parts.add(Text.of("drill.rto.stepsNotOk", String.join(", ", failed)));
    }
    Status status = rto.achieved() ? rto.figure().against(objective, true) : Status.FAIL;
    if (rto.achieved() && rto.figure().distorted()) {
      parts.add(Text.of("drill.rto.atLeast", rto.undistortedMs()));
      if (rto.host() != null) {
        parts.add(Text.of("parenthesis", rto.host().text()));
      }
    }
    Text observed = Text.concat(parts.toArray());
    if (status == Status.WARN) {
      observed = TimedFigure.unconfirmed("rto", "objective", observed);
    }
    return said(
        "DRILL-RTO",
        "Recovery time achieved in the drill",
        "rto",
        status,
        observed,
        expected,
        rules,
        switch (status) {
          case FAIL -> fix("drill.rto.fail");
          case WARN -> fix("drill.rto.warn");
          default -> "";
        });
  }

  private static Finding verify(DrillEvidence drill, RuleBook rules) {
    DrillEvidence.Rpo rpo = drill.rpo();
    List<Text> problems = new ArrayList<>();
    if (rpo != null && !rpo.gapFree()) {
      List<String> holes = rpo.holes();
      problems.add(
          Text.of(
              "drill.verify.gaps",
              String.join(", ", holes.subList(0, Math.min(SHOWN_RANGES, holes.size())))
                  + (holes.size() > SHOWN_RANGES ? ", ..." : "")));
    }
    if (drill.gtids() != null && Boolean.FALSE.equals(drill.gtids().agreesWithCanary())) {
      problems.add(Text.of("drill.verify.gtidSmaller"));
    }
    for (DrillEvidence.TableCheck t : drill.tables()) {
      if (!t.matches()) {
        problems.add(
            Text.of(
                "drill.verify.tableDiffers",
                t.table(),
                t.primaryRows() + "/" + t.replicaRows(),
                t.primaryChecksum() + "/" + t.replicaChecksum()));
      }
    }
    Text observed =
        rpo == null
            ? Text.of("drill.verify.noCount")
            : problems.isEmpty()
                ? Text.concat(
                    Text.of("drill.verify.gapFree"),
                    drill.tables().isEmpty()
                        ? Text.concat()
                        : Text.of("drill.verify.tablesMatch", drill.tables().size()))
                : Text.join("sep.semicolon", problems);
    Status status =
        rpo == null ? Status.NOT_ASSESSED : problems.isEmpty() ? Status.PASS : Status.FAIL;
    return said(
        "DRILL-VERIFY",
        "Data on the promoted node verified",
        "drill",
        status,
        observed,
        Text.of("drill.verify.expected"),
        rules,
        status == Status.FAIL ? fix("drill.verify") : "");
  }

  private static Finding fencing(DrillEvidence drill, RuleBook rules) {
    DrillEvidence.Fencing f = drill.fencing();
    if (f == null) {
      return said(
          "DRILL-FENCING",
          "Old primary fenced after promotion",
          "drill",
          Status.NOT_ASSESSED,
          Text.of("drill.fencing.notReached"),
          Text.of("drill.fencing.expectedShort"),
          rules,
          "");
    }
    return said(
        "DRILL-FENCING",
        "Old primary fenced after promotion",
        "drill",
        f.verified() ? Status.PASS : Status.FAIL,
        Text.of(
            "drill.fencing.observed",
            Text.word("fencing.when." + f.when().replace(' ', '_'), f.when()),
            f.detailText() != null ? f.detailText() : f.detail()),
        Text.of("drill.fencing.expected"),
        rules,
        f.verified() ? "" : fix("drill.fencing"));
  }

  /**
   * Through the endpoint, the old primary must not take the application's writes once the promoted
   * node does: each such commit exists on one node only.
   */
  private static Finding splitBrain(DrillEvidence drill, RuleBook rules) {
    DrillEvidence.Endpoint e = drill.endpoint();
    Text expected = Text.of("drill.split.expected", e.address());
    if (drill.rto() == null || drill.rto().databaseMs() == null) {
      return said(
          "DRILL-SPLIT-BRAIN",
          "The application's writes reached one primary only",
          "drill",
          Status.NOT_ASSESSED,
          Text.of("drill.split.notAssessed", e.onOldPrimaryAfterFault()),
          expected,
          rules,
          "");
    }
    boolean split = e.splitBrainCommits() > 0;
    return said(
        "DRILL-SPLIT-BRAIN",
        "The application's writes reached one primary only",
        "drill",
        split ? Status.FAIL : Status.PASS,
        split
            ? Text.of(
                "drill.split.seen",
                e.splitBrainCommits(),
                e.address(),
                e.firstSplitBrainMs(),
                e.lastSplitBrainMs())
            : Text.of("drill.split.none", e.address(), e.onPromoted()),
        expected,
        rules,
        split ? fix("drill.splitBrain") : "");
  }

  private static Finding failback(DrillEvidence drill, RuleBook rules) {
    DrillEvidence.Failback f = drill.failback();
    boolean healthy = f != null && f.healthy();
    DrillEvidence.Endpoint e = drill.endpoint();
    // the pair is whole, but the application cannot write through its endpoint
    boolean stranded = healthy && e != null && !Boolean.TRUE.equals(e.afterFailbackWritable());
    Text observed =
        f == null
            ? Text.of("drill.failback.none")
            : healthy
                ? f.detailText() != null ? f.detailText() : Text.of("verbatim", f.detail())
                : Text.of(
                    "drill.failback.notRestored",
                    f.detailText() != null ? f.detailText() : f.detail());
    if (stranded) {
      observed =
          Text.concat(
              observed,
              e.afterFailbackError() != null
                  ? Text.of(
                      "drill.failback.endpointUnreachable", e.address(), e.afterFailbackError())
                  : Text.of(
                      "drill.failback.endpointReadOnly", e.address(), e.afterFailbackServerId()));
    }
    return said(
        "DRILL-FAILBACK",
        "Pair healthy again after the drill",
        "drill",
        stranded ? Status.WARN : healthy ? Status.PASS : Status.FAIL,
        observed,
        Text.of(
            "drill.failback.expected",
            f == null ? "?" : Text.word("failback.mode." + f.mode(), f.mode())),
        rules,
        stranded ? fix("drill.failback.endpoint") : healthy ? "" : fix("drill.failback"));
  }

  private static Finding said(
      String id,
      String title,
      String area,
      Status status,
      Text observed,
      Text expected,
      RuleBook rules,
      String remediation) {
    return Finding.said(
        id,
        title,
        area,
        Severity.HIGH,
        status,
        observed,
        expected,
        rationale(area),
        remediation,
        rules.area(area).references());
  }

  private static String rationale(String area) {
    return switch (area) {
      case "rpo" ->
          "Article 32(1)(c) asks for timely restore of personal data; what a failover loses is measured, not assumed from lag.";
      case "rto" ->
          "Article 32(1)(c): the time from an incident to a working primary is the time personal data is unavailable.";
      default ->
          "Article 32(1)(d) asks for regular testing of the measures; this drill is that test, and it must leave the pair as resilient as before (32(1)(b)).";
    };
  }

  /** A remediation in English words, from the bundle, so the report can say it in its language. */
  private static String fix(String key) {
    return Catalogue.english().word("fix." + key);
  }

  private static String nz(String s) {
    return s == null ? "no reason recorded" : s;
  }
}
