package eu.art32.path;

import eu.art32.Shell;
import eu.art32.area.AreaCheck;
import eu.art32.area.AreaContext;
import eu.art32.area.AreaResult;
import eu.art32.config.PairConfig;
import eu.art32.evidence.Catalogue;
import eu.art32.evidence.EvidenceKind;
import eu.art32.evidence.Finding;
import eu.art32.evidence.PathEvidence;
import eu.art32.evidence.Text;
import eu.art32.residency.AsnDatabase;
import eu.art32.residency.GeoDatabases;
import eu.art32.residency.GeoPlace;
import eu.art32.residency.ResidencyAudit;
import eu.art32.residency.ResidencySettings;
import eu.art32.rules.ResidencyRules;
import eu.art32.rules.RuleBook;
import eu.art32.topology.Addresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Traces the routes a pair's data takes from the primary's host (to the DR node's database port,
 * and to the mirror target's ssh port when the mirror copies to another host) and locates every
 * hop: with {@code traceroute} here when art32 runs on the primary's host, else through the pair's
 * {@code path.command} run there. Judged by {@link PathFindings}.
 */
public final class PathAudit implements AreaCheck {
  /** Evidence and findings of one pair. */
  public record Result(PathEvidence evidence, List<Finding> findings) {}

  /** Hops traced at most, and the wait for each probe, in seconds. */
  static final int MAX_HOPS = 30;

  static final int WAIT_SECONDS = 2;
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private final RuleBook rules;
  private final GeoDatabases databases;

  public PathAudit(RuleBook rules, GeoDatabases databases) {
    this.rules = rules;
    this.databases = databases;
  }

  @Override
  public String area() {
    return "path";
  }

  @Override
  public Stage stage() {
    return Stage.SLOT;
  }

  @Override
  public AreaResult run(AreaContext context) {
    Result result = run(context.pair());
    return AreaResult.of(EvidenceKind.PATH, result.evidence(), result.findings());
  }

  public Result run(PairConfig pair) {
    ResidencyRules residency = rules.residency();
    ResidencyRules.Policy policy = residency.policyOf(ResidencySettings.of(pair).policy());
    PathFindings judge = new PathFindings(residency, policy, rules.area("path").references());
    List<PathEvidence.Route> routes = new ArrayList<>();
    routes.add(route(pair, "DR", pair.replica().host(), pair.replica().port(), judge));
    String mirrorHost =
        pair.mirror() == null ? null : ResidencyAudit.mirrorHost(pair.mirror().target());
    if (mirrorHost != null) {
      routes.add(route(pair, "mirror target", mirrorHost, 22, judge));
    }
    return new Result(new PathEvidence(policy.spelling(), routes), judge.judge(routes));
  }

  private PathEvidence.Route route(
      PairConfig pair, String role, String host, int port, PathFindings judge) {
    String command = PathSettings.of(pair).command();
    String destination = host;
    try {
      InetAddress resolved = InetAddress.getByName(host);
      destination = resolved.getHostAddress();
      if (command == null && resolved.isLoopbackAddress()) {
        return failed(
            role, host, port, destination, Text.of("path.here"), Text.of("path.why.loopback"));
      }
    } catch (UnknownHostException e) {
      if (command == null) {
        return failed(
            role, host, port, host, Text.of("path.here"), Text.of("path.why.unresolved", host));
      }
    }
    Text tracedFrom;
    List<String> argv;
    if (command != null) {
      String run = command.replace("{host}", host).replace("{port}", Integer.toString(port));
      tracedFrom = Text.of("path.command", run);
      argv = List.of("sh", "-c", run);
    } else if (Addresses.isLocal(pair.primary().host())) {
      tracedFrom = Text.of("path.here");
      argv = localTrace(host, port);
      if (argv == null) {
        return failed(role, host, port, destination, tracedFrom, Text.of("path.why.noTraceroute"));
      }
    } else {
      return failed(
          role,
          host,
          port,
          destination,
          Text.of("path.nowhere"),
          Text.of("path.why.notHere", pair.primary().host()));
    }
    Shell.Result result = Shell.run(argv, TIMEOUT, Map.of(), 1 << 16);
    TraceOutput trace;
    try {
      trace = TraceOutput.parse(result.output());
    } catch (IllegalArgumentException e) {
      return failed(
          role,
          host,
          port,
          destination,
          tracedFrom,
          result.timedOut()
              ? Text.of("path.why.timedOut", TIMEOUT.toSeconds(), firstLine(result.output()))
              : Text.of("path.why.output", result.exitCode(), firstLine(result.output())));
    }
    List<PathEvidence.Hop> hops = new ArrayList<>();
    for (TraceOutput.Hop hop : trace.hops()) {
      hops.add(locate(hop, judge));
    }
    Text error =
        databases.location().isEmpty() && hops.stream().anyMatch(h -> "public".equals(h.kind()))
            ? Text.of("path.why.noDatabase")
            : null;
    Catalogue english = Catalogue.english();
    return new PathEvidence.Route(
        role,
        host,
        port,
        trace.destination(),
        english.say(tracedFrom),
        tracedFrom,
        trace.reached(),
        hops,
        error == null ? null : english.say(error),
        error);
  }

  private static String firstLine(String output) {
    return output.isBlank() ? "-" : "\"" + output.strip().lines().findFirst().orElse("") + "\"";
  }

  /** TCP probes to the port (what the database traffic takes), numeric, bounded waits. */
  static List<String> localTrace(String host, int port) {
    Optional<String> traceroute =
        Stream.of("/usr/sbin/traceroute", "/usr/bin/traceroute", "/sbin/traceroute")
            .filter(p -> Files.isExecutable(Path.of(p)))
            .findFirst();
    return traceroute
        .map(
            t ->
                List.of(
                    t,
                    "-n",
                    "-T",
                    "-p",
                    Integer.toString(port),
                    "-q",
                    "1",
                    "-w",
                    Integer.toString(WAIT_SECONDS),
                    "-m",
                    Integer.toString(MAX_HOPS),
                    host))
        .orElse(null);
  }

  private PathEvidence.Hop locate(TraceOutput.Hop hop, PathFindings judge) {
    if (hop.address() == null) {
      return hop(hop, null, null, null, PathFindings.NO_ANSWER);
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(hop.address());
    } catch (UnknownHostException e) {
      throw new IllegalStateException(
          "traceroute printed an address Java cannot read: " + hop.address(), e);
    }
    Addresses.Kind kind = Addresses.kind(address);
    if (kind != Addresses.Kind.PUBLIC) {
      return hop(hop, kind, null, null, PathFindings.PRIVATE);
    }
    Optional<GeoPlace> place =
        databases.location().flatMap(db -> db.locate(address)).filter(p -> p.country() != null);
    Optional<AsnDatabase.Asn> asn = databases.asn().flatMap(db -> db.lookup(address));
    return hop(
        hop,
        kind,
        place.orElse(null),
        asn.orElse(null),
        place.map(p -> judge.verdict(p.country())).orElse(PathFindings.UNLOCATED));
  }

  /** A traced hop with what is known of it (place and AS may be null). */
  private static PathEvidence.Hop hop(
      TraceOutput.Hop hop,
      Addresses.Kind kind,
      GeoPlace place,
      AsnDatabase.Asn asn,
      String verdict) {
    return new PathEvidence.Hop(
        hop.ttl(),
        hop.address(),
        kind == null ? null : kind.describe(),
        hop.rttMs(),
        hop.flags(),
        place == null ? null : place.country(),
        place == null ? null : place.city(),
        asn != null ? Long.valueOf(asn.number()) : place == null ? null : place.asn(),
        asn != null ? asn.organisation() : place == null ? null : place.organisation(),
        place == null ? null : place.network(),
        verdict);
  }

  private static PathEvidence.Route failed(
      String role, String host, int port, String destination, Text tracedFrom, Text why) {
    Catalogue english = Catalogue.english();
    return new PathEvidence.Route(
        role,
        host,
        port,
        destination,
        english.say(tracedFrom),
        tracedFrom,
        false,
        List.of(),
        english.say(why),
        why);
  }
}
