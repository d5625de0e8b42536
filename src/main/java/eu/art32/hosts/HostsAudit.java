package eu.art32.hosts;

import eu.art32.Shell;
import eu.art32.area.AreaCheck;
import eu.art32.area.AreaContext;
import eu.art32.area.AreaResult;
import eu.art32.config.NodeConfig;
import eu.art32.config.PairConfig;
import eu.art32.evidence.Catalogue;
import eu.art32.evidence.EvidenceKind;
import eu.art32.evidence.Finding;
import eu.art32.evidence.HostsEvidence;
import eu.art32.evidence.Text;
import eu.art32.rules.HostsRules;
import eu.art32.rules.RuleBook;
import eu.art32.topology.Addresses;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Reads what each node's host runs on: the probe script ({@link HostReading#script}) on the host's
 * standard input, through the pair's {@code hosts.command} ({@code {host}} and {@code {role}}
 * replaced, e.g. {@code ssh {host} sh -s}) or with {@code sh -s} here when the node is on this
 * host. Both nodes are read at once; each samples its CPU counters over rules/hosts.yaml's window.
 * Judged by {@link HostsFindings}.
 */
public final class HostsAudit implements AreaCheck {
  private static final AreaContext.Key<CompletableFuture<Result>> READING =
      new AreaContext.Key<>("hosts reading");

  /** Evidence and findings of one pair. */
  public record Result(HostsEvidence evidence, List<Finding> findings) {}

  private final RuleBook rules;
  private final HostsRules hosts;

  public HostsAudit(RuleBook rules) {
    this.rules = rules;
    this.hosts = rules.hosts();
  }

  @Override
  public String area() {
    return "hosts";
  }

  /** Taken after the pair's other checks: the CPU counters are sampled while they run. */
  @Override
  public Stage stage() {
    return Stage.AFTER;
  }

  @Override
  public void start(AreaContext context) {
    context.put(
        READING,
        CompletableFuture.supplyAsync(
            () -> run(context.pair()), task -> Thread.ofVirtual().name("art32-hosts").start(task)));
  }

  @Override
  public AreaResult run(AreaContext context) {
    CompletableFuture<Result> reading = context.get(READING);
    Result result = reading == null ? run(context.pair()) : AreaContext.join(reading);
    return AreaResult.of(EvidenceKind.HOSTS, result.evidence(), result.findings());
  }

  public Result run(PairConfig pair) {
    HostsFindings judge = new HostsFindings(hosts, rules.area("hosts").references());
    CompletableFuture<HostsEvidence.Host> primary =
        CompletableFuture.supplyAsync(
            () -> probe(pair, "primary", pair.primary(), judge),
            task -> Thread.ofVirtual().name("art32-hosts-primary").start(task));
    HostsEvidence.Host dr = probe(pair, "DR", pair.replica(), judge);
    List<HostsEvidence.Host> both = List.of(primary.join(), dr);
    boolean sameHost =
        pair.primary().host().equalsIgnoreCase(pair.replica().host())
            || Addresses.isLocal(pair.primary().host()) && Addresses.isLocal(pair.replica().host());
    return new Result(new HostsEvidence(both), judge.judge(both, sameHost));
  }

  private HostsEvidence.Host probe(
      PairConfig pair, String role, NodeConfig node, HostsFindings judge) {
    String command = HostsSettings.of(pair).command();
    Text from;
    List<String> argv;
    if (command != null) {
      String run =
          command
              .replace("{host}", node.host())
              .replace("{role}", role.equals("DR") ? "replica" : "primary");
      from = Text.of("hosts.from.command", run);
      argv = List.of("sh", "-c", run);
    } else if (Addresses.isLocal(node.host())) {
      from = Text.of("hosts.from.here");
      argv = List.of("sh", "-s");
    } else {
      return failed(role, node, Text.of("path.nowhere"), Text.of("hosts.why.notHere", node.host()));
    }
    double seconds = hosts.window().toMillis() / 1000.0;
    Duration timeout = hosts.window().plusSeconds(60);
    long started = System.nanoTime();
    Shell.Result result =
        Shell.run(
            argv,
            timeout,
            Map.of(),
            1 << 16,
            HostReading.script(seconds).getBytes(StandardCharsets.UTF_8));
    long windowMs = (System.nanoTime() - started) / 1_000_000;
    HostReading reading;
    try {
      reading = HostReading.parse(result.output());
    } catch (IllegalArgumentException e) {
      return failed(
          role,
          node,
          from,
          result.timedOut()
              ? Text.of("hosts.why.timedOut", timeout.toSeconds())
              : Text.of("hosts.why.output", result.exitCode(), e.getMessage()));
    }
    Catalogue english = Catalogue.english();
    return new HostsEvidence.Host(
        role,
        node.host(),
        english.say(from),
        from,
        judge.kind(reading),
        reading.vm(),
        reading.container(),
        reading.hypervisorFlag(),
        reading.cgroup(),
        reading.kernel(),
        reading.cores(),
        reading.memoryKb() == null ? null : reading.memoryKb() / 1024,
        reading.bootId() == null ? null : reading.bootId().toLowerCase(Locale.ROOT),
        reading.stealPercent(),
        reading.stealPercent() == null ? null : windowMs,
        null,
        null);
  }

  private static HostsEvidence.Host failed(String role, NodeConfig node, Text from, Text why) {
    return HostsEvidence.Host.unread(role, node.host(), from, why);
  }
}
