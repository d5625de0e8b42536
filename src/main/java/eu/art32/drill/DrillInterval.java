package eu.art32.drill;

import eu.art32.area.AreaCheck;
import eu.art32.area.AreaContext;
import eu.art32.area.AreaResult;
import eu.art32.config.PairConfig;
import eu.art32.evidence.Finding;
import eu.art32.evidence.Severity;
import eu.art32.evidence.Status;
import eu.art32.evidence.Text;
import eu.art32.integrity.History;
import eu.art32.rules.RuleBook;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * DRILL-INTERVAL: regular testing (Art. 32(1)(d)) is itself checked against the pair's
 * drillInterval, from this run's drill or the newest drill of the pair in the history.
 */
public final class DrillInterval implements AreaCheck {
  private final RuleBook rules;
  private final Clock clock;
  private final Path historyDir;
  private final Map<String, History.Point> lastDrills;

  /** {@code historyDir} null: the run keeps no history, so an earlier drill cannot be seen. */
  public DrillInterval(
      RuleBook rules, Clock clock, Path historyDir, Map<String, History.Point> lastDrills) {
    this.rules = rules;
    this.clock = clock;
    this.historyDir = historyDir;
    this.lastDrills = Map.copyOf(lastDrills);
  }

  @Override
  public String area() {
    return "drill";
  }

  @Override
  public Stage stage() {
    return Stage.SLOT;
  }

  @Override
  public AreaResult run(AreaContext context) {
    PairConfig pair = context.pair();
    long days = pair.objectives().drillInterval().toDays();
    Status status;
    Text observed;
    if (context.drill() != null) {
      status = Status.PASS;
      observed = Text.of("interval.thisRun");
    } else if (historyDir == null) {
      status = Status.NOT_ASSESSED;
      observed = Text.of("interval.noHistory");
    } else {
      History.Point last = lastDrills.get(pair.name());
      if (last == null) {
        status = Status.WARN;
        observed = Text.of("interval.none", historyDir.toString());
      } else {
        Instant at = Instant.parse(last.startedAt());
        long age = Duration.between(at, clock.instant()).toDays();
        status = age <= days ? Status.PASS : Status.WARN;
        observed = Text.of("interval.last", last.runId(), at.toString(), age);
      }
    }
    return AreaResult.of(
        List.of(
            Finding.said(
                "DRILL-INTERVAL",
                "The pair was drilled within its testing interval",
                "drill",
                Severity.MEDIUM,
                status,
                observed,
                Text.of("interval.expected", days),
                "Art. 32(1)(d) asks for a process of regularly testing the measures; a drill older"
                    + " than the interval no longer shows the pair restores today.",
                status == Status.WARN
                    ? "Run art32 drill --pair " + pair.name() + " (or art32 run --drill)."
                    : "",
                rules.area("drill").references())));
  }
}
