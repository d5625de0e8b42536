package eu.art32.lag;

import eu.art32.area.AreaCheck;
import eu.art32.area.AreaContext;
import eu.art32.area.AreaResult;
import eu.art32.config.PairConfig;
import eu.art32.evidence.EvidenceKind;
import eu.art32.evidence.LagEvidence;
import eu.art32.rules.RuleBook;
import eu.art32.topology.NodeConnector;

/**
 * Replication lag as art32's own heartbeat measures it: a row written on the primary at a fixed
 * interval and read back on the DR node ({@link Heartbeat}), started as soon as the pair is read so
 * that it runs while the pair's other checks load the servers, and waited out after them (twice the
 * lag objective plus a second, so a late row can still arrive). Judged against the lag objective,
 * with the server's own lag figure compared to it.
 */
public final class LagAudit implements AreaCheck {
  private static final AreaContext.Key<HeartbeatRun> HEARTBEAT = new AreaContext.Key<>("heartbeat");

  private final RuleBook rules;
  private final NodeConnector connector;

  public LagAudit(RuleBook rules, NodeConnector connector) {
    this.rules = rules;
    this.connector = connector;
  }

  @Override
  public String area() {
    return "lag";
  }

  /** After the pair's other checks, holding no slot while the window is waited out. */
  @Override
  public Stage stage() {
    return Stage.AFTER;
  }

  @Override
  public void start(AreaContext context) {
    context.put(
        HEARTBEAT,
        HeartbeatRun.start(context.pair(), context.primary(), context.replica(), connector));
  }

  @Override
  public AreaResult run(AreaContext context) {
    PairConfig pair = context.pair();
    HeartbeatRun heartbeat = context.get(HEARTBEAT);
    if (heartbeat == null) {
      start(context);
      heartbeat = context.get(HEARTBEAT);
    }
    LagEvidence lag;
    try {
      lag = heartbeat.finish(pair.objectives().lag().toMillis() * 2 + 1000);
    } finally {
      heartbeat.close();
    }
    return AreaResult.of(
        EvidenceKind.LAG,
        lag,
        new LagFindings(rules.area("lag").references())
            .judge(pair.objectives().lag().toMillis(), lag, heartbeat.notRun()));
  }

  @Override
  public void close(AreaContext context) {
    HeartbeatRun heartbeat = context.get(HEARTBEAT);
    if (heartbeat != null) {
      heartbeat.close();
    }
  }
}
