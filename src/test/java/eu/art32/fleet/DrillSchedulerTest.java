package eu.art32.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import eu.art32.ExitCode;
import eu.art32.config.DrillConfig;
import eu.art32.config.Environment;
import eu.art32.config.NodeConfig;
import eu.art32.config.Objectives;
import eu.art32.config.PairChecks;
import eu.art32.config.PairConfig;
import eu.art32.config.Secret;
import eu.art32.config.Site;
import eu.art32.config.TlsMode;
import eu.art32.drill.DrillOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DrillSchedulerTest {
  @Test
  void drillsNeverOverlapOnASharedHostAndStayUnderTheCap() {
    List<PairConfig> pairs =
        List.of(
            pair("a", "db-a1.invalid", "db-shared.invalid"),
            pair("b", "db-b1.invalid", "db-shared.invalid"),
            pair("c", "db-c1.invalid", "db-c2.invalid"),
            pair("d", "db-d1.invalid", "db-d2.invalid"),
            pair("e", "db-e1.invalid", "db-e2.invalid"));
    Set<String> running = Collections.synchronizedSet(new HashSet<>());
    AtomicInteger peak = new AtomicInteger();
    List<String> violations = Collections.synchronizedList(new ArrayList<>());

    var outcomes =
        new DrillScheduler(
                2,
                p -> {
                  running.add(p.name());
                  peak.accumulateAndGet(running.size(), Math::max);
                  if (running.contains("a") && running.contains("b")) {
                    violations.add("a and b at once");
                  }
                  try {
                    Thread.sleep(60);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  running.remove(p.name());
                  return new DrillOutcome(null, List.of(), ExitCode.OK, null);
                })
            .run(pairs);

    assertThat(outcomes).containsOnlyKeys("a", "b", "c", "d", "e");
    assertThat(violations).isEmpty();
    assertThat(peak.get()).isEqualTo(2);
  }

  private static PairConfig pair(String name, String primary, String replica) {
    Duration s = Duration.ofSeconds(1);
    return new PairConfig(
        name,
        Environment.STAGING,
        List.of(),
        node(primary),
        node(replica),
        new Objectives(s, s, s, 95, s, s, s, s),
        null,
        List.of(),
        DrillConfig.defaults(false),
        PairChecks.DEFAULTS);
  }

  private static NodeConfig node(String host) {
    return new NodeConfig(
        host, 3306, "u", new Secret("x", "test"), TlsMode.DISABLED, null, Site.UNDECLARED);
  }
}
