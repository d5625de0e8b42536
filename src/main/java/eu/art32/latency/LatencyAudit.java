package eu.art32.latency;

import eu.art32.Art32Exception;
import eu.art32.EnvironmentException;
import eu.art32.Shell;
import eu.art32.area.AreaCheck;
import eu.art32.area.AreaContext;
import eu.art32.area.AreaResult;
import eu.art32.area.Slots;
import eu.art32.config.NodeConfig;
import eu.art32.config.PairConfig;
import eu.art32.evidence.Catalogue;
import eu.art32.evidence.DrillEvidence;
import eu.art32.evidence.EvidenceKind;
import eu.art32.evidence.Finding;
import eu.art32.evidence.LatencyEvidence;
import eu.art32.evidence.Text;
import eu.art32.rules.RuleBook;
import eu.art32.topology.Addresses;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The latency audit of a pair: round trips from art32 to each node, and from the primary's host to
 * the DR node (art32 probe run there through {@code latency.probeCommand}, or measured directly
 * when art32 runs on the primary's host). Judged against the pair's latency objective.
 */
public final class LatencyAudit implements AreaCheck {
  /**
   * The pair's round trips when the run sampled them before any pair's checks began ({@link
   * #sampleFirst}); without it {@link #run(AreaContext)} samples them itself.
   */
  public static final AreaContext.Key<CompletableFuture<Result>> SAMPLED =
      new AreaContext.Key<>("latency sampled first");

  /** The primary-to-DR series that counted, for the residency area's plausibility check. */
  public static final AreaContext.Key<LatencyEvidence.Series> PRIMARY_TO_DR =
      new AreaContext.Key<>("primary to DR");

  /**
   * TCP samples per run stay below MySQL's and MariaDB's default max_connect_errors (100): a
   * connect that never logs in counts as an error on servers that keep a host cache.
   */
  static final int MAX_TCP_SAMPLES = 80;

  /** The evidence, the finding, and the primary-to-DR series that counted (or null). */
  public record Result(
      LatencyEvidence evidence, Finding finding, LatencyEvidence.Series primaryToDr) {}

  private final RuleBook rules;
  private final NodeSamples shared;

  /** A latency audit whose art32-to-node series are its own. */
  public LatencyAudit(RuleBook rules) {
    this(rules, new NodeSamples());
  }

  /** A latency audit that shares art32-to-node series with the other pairs of a run. */
  public LatencyAudit(RuleBook rules, NodeSamples shared) {
    this.rules = rules;
    this.shared = shared;
  }

  @Override
  public String area() {
    return "latency";
  }

  @Override
  public Stage stage() {
    return Stage.SLOT;
  }

  @Override
  public AreaResult run(AreaContext context) {
    CompletableFuture<Result> sampled = context.get(SAMPLED);
    Result result =
        sampled == null ? run(context.pair(), context.drill()) : AreaContext.join(sampled);
    if (result.primaryToDr() != null) {
      context.put(PRIMARY_TO_DR, result.primaryToDr());
    }
    return AreaResult.of(EvidenceKind.LATENCY, result.evidence(), List.of(result.finding()));
  }

  /**
   * Samples the round trips of every pair before any pair starts its heartbeat or checks, so that
   * art32's own load (other pairs' heartbeats and table checksums) does not show up as latency:
   * each node once per run (this audit's {@link NodeSamples}), two pairs that share a server one
   * after the other, at most the run's slots at once. Returns when all are sampled; a pair whose
   * sampling threw has that error when its audit takes the result.
   */
  public Map<String, CompletableFuture<Result>> sampleFirst(
      List<PairConfig> pairs, Map<String, DrillEvidence> drills, Slots slots, Executor executor) {
    Map<String, CompletableFuture<Result>> sampled = new LinkedHashMap<>();
    for (PairConfig pair : pairs) {
      SortedSet<String> servers =
          new TreeSet<>(
              List.of(
                  pair.primary().address().toLowerCase(Locale.ROOT),
                  pair.replica().address().toLowerCase(Locale.ROOT)));
      sampled.put(
          pair.name(),
          CompletableFuture.supplyAsync(
              () -> {
                slots.startSampling(servers);
                slots.acquire();
                try {
                  return run(pair, drills.get(pair.name()));
                } finally {
                  slots.release();
                  slots.endSampling(servers);
                }
              },
              executor));
    }
    sampled.values().forEach(f -> f.exceptionally(e -> null).join());
    return sampled;
  }

  public Result run(PairConfig pair, DrillEvidence drill) {
    LatencySettings settings = LatencySettings.of(pair);
    int samples = settings.samples();
    int warmup = settings.warmup();
    List<LatencyEvidence.Series> series = new ArrayList<>();
    // the two nodes are different servers: sampled at the same time, each one series after the
    // other
    CompletableFuture<List<LatencyEvidence.Series>> toPrimary =
        CompletableFuture.supplyAsync(
            () ->
                List.of(
                    tcp(pair, "art32 -> primary", pair.primary(), samples, warmup),
                    sql(pair, "art32 -> primary", pair.primary(), samples, warmup)),
            r -> Thread.ofPlatform().daemon().name("art32-latency-primary").start(r));
    LatencyEvidence.Series replicaTcp = tcp(pair, "art32 -> DR", pair.replica(), samples, warmup);
    LatencyEvidence.Series replicaSql = sql(pair, "art32 -> DR", pair.replica(), samples, warmup);
    try {
      series.addAll(toPrimary.join());
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    series.add(replicaTcp);
    series.add(replicaSql);
    Text source;
    LatencyEvidence.Series counted = null;
    String probeCommand = settings.probeCommand();
    if (probeCommand != null) {
      String command =
          probeCommand
              .replace("{target}", pair.replica().host() + ":" + pair.replica().port())
              .replace("{samples}", Integer.toString(samples));
      source = Text.of("lat.source.probe", command);
      try {
        ProbeResult probe = ProbeResult.parse(run(command), "probeCommand");
        LatencyEvidence.Series probeTcp =
            series(
                "primary -> DR",
                "primary host (" + probe.from() + ")",
                probe.target(),
                "tcp connect",
                probe.tcp(),
                null);
        series.add(probeTcp);
        counted = probeTcp;
        if (probe.sql() != null) {
          LatencyEvidence.Series probeSql =
              series(
                  "primary -> DR",
                  "primary host (" + probe.from() + ")",
                  probe.target(),
                  "sql round trip",
                  probe.sql(),
                  null);
          series.add(probeSql);
          counted = probeSql;
        }
      } catch (Art32Exception e) {
        source = Text.of("lat.source.failed", source, e.getMessage());
      }
    } else if (Addresses.isLocal(pair.primary().host())) {
      source = Text.of("lat.source.local", pair.primary().host());
      counted = replicaSql.stats().count() > 0 ? replicaSql : replicaTcp;
    } else {
      source = Text.of("lat.source.none");
    }
    if (counted != null && counted.stats().count() == 0) {
      counted = null;
    }
    // a DR end on this host answers through processes that wait for the same CPUs as art32, and
    // the host watch cannot see their delays
    boolean farEndHere =
        counted != null
            && (probeCommand == null
                ? Addresses.isLocal(pair.replica().host())
                : isLoopback(pair.replica().host()));
    Finding finding =
        LatencyVerdict.finding(
            rules.area("latency").references(), pair, counted, source, farEndHere);
    LatencyEvidence evidence =
        new LatencyEvidence(
            series, Catalogue.english().say(source), source, semiSync(counted, drill));
    return new Result(evidence, finding, counted);
  }

  private static LatencyEvidence.SemiSync semiSync(
      LatencyEvidence.Series counted, DrillEvidence drill) {
    if (counted == null || counted.stats().p50() == null) {
      return null;
    }
    double rtt = counted.stats().p50();
    Double commitMs = null;
    Double now = null;
    Double semi = null;
    String rpo = "no drill in this run";
    if (drill != null && drill.canary() != null && drill.canary().commitsPerSecond() > 0) {
      now = drill.canary().commitsPerSecond();
      commitMs = round(1000.0 / now);
      semi = round(1000.0 / (commitMs + rtt));
    }
    if (drill != null && drill.rpo() != null) {
      rpo =
          drill.rpo().lost()
              + " acknowledged commits lost, loss window "
              + drill.rpo().lossWindowMs()
              + " ms (asynchronous replication, drill "
              + drill.drillId()
              + ")";
    }
    return new LatencyEvidence.SemiSync(
        rtt, round(1000.0 / Math.max(rtt, 0.001)), commitMs, now, semi, rpo);
  }

  private LatencyEvidence.Series tcp(
      PairConfig pair, String name, NodeConfig node, int samples, int warmup) {
    int count = Math.min(samples, MAX_TCP_SAMPLES);
    NodeSamples.Taken taken =
        shared.get(
            "tcp " + node.address() + " " + count + "+" + warmup,
            pair.name(),
            () -> new RttSampler(count, warmup).tcp(node.host(), node.port()));
    return series(name, node, "tcp connect", pair, taken);
  }

  private LatencyEvidence.Series sql(
      PairConfig pair, String name, NodeConfig node, int samples, int warmup) {
    NodeSamples.Taken taken =
        shared.get(
            "sql "
                + node.user()
                + "@"
                + node.address()
                + " "
                + node.tls()
                + " "
                + samples
                + "+"
                + warmup,
            pair.name(),
            () -> new RttSampler(samples, warmup).sql(node));
    return series(name, node, "sql round trip", pair, taken);
  }

  private static LatencyEvidence.Series series(
      String name, NodeConfig node, String level, PairConfig pair, NodeSamples.Taken taken) {
    return series(
        name,
        "art32 host",
        node.address(),
        level,
        ProbeResult.Level.of(taken.samples()),
        taken.pair().equals(pair.name()) ? null : taken.pair());
  }

  private static LatencyEvidence.Series series(
      String name,
      String from,
      String to,
      String level,
      ProbeResult.Level samples,
      String measuredFor) {
    List<Double> rounded = samples.samplesMs().stream().map(LatencyStatsCalculator::round).toList();
    List<Double> delays =
        samples.hostDelayMs().stream().map(LatencyStatsCalculator::round).toList();
    List<Double> undistorted = new ArrayList<>();
    for (int i = 0; i < rounded.size(); i++) {
      undistorted.add(LatencyStatsCalculator.round(Math.max(0, rounded.get(i) - delays.get(i))));
    }
    return new LatencyEvidence.Series(
        name,
        from,
        to,
        level,
        rounded,
        LatencyStatsCalculator.of(rounded, samples.failures()),
        measuredFor,
        delays,
        LatencyStatsCalculator.of(undistorted, samples.failures()),
        samples.host(),
        samples.kernel());
  }

  /** Runs the probe command with a bound; its standard output is the probe's JSON. */
  private static String run(String command) {
    Shell.Result result =
        Shell.run(
            List.of("sh", "-c", "{ " + command + "\n} 2>/dev/null"),
            Duration.ofSeconds(120),
            Map.of(),
            1 << 20);
    if (!result.succeeded()) {
      throw new EnvironmentException(
          "probeCommand failed ("
              + (result.timedOut() ? "timed out" : "exit " + result.exitCode())
              + ")");
    }
    return result.output();
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }

  private static double round(double v) {
    return Math.round(v * 10.0) / 10.0;
  }
}
