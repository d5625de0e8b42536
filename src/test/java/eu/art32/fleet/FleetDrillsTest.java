package eu.art32.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import eu.art32.ExitCode;
import eu.art32.audit.AuditResult;
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
import eu.art32.evidence.Severity;
import eu.art32.report.Gate;
import eu.art32.report.ReportFiles;
import eu.art32.report.ReportWriterTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetDrillsTest {
  private final List<String> notes = new ArrayList<>();
  private final FleetDrills fleet =
      new FleetDrills(
          null,
          null,
          null,
          Clock.systemUTC(),
          new FleetDrills.Listener() {
            @Override
            public void note(String pair, String text) {
              notes.add(pair + ": " + text);
            }

            @Override
            public PrintWriter progress(String pair) {
              return new PrintWriter(new StringWriter());
            }
          });

  @Test
  void onlyStagingPairsWithAReplicationAccountAreDrilledAndTheOthersAreNoted() {
    List<PairConfig> candidates =
        fleet.drillable(
            List.of(
                pair("prod", Environment.PRODUCTION, true),
                pair("stage", Environment.STAGING, true),
                pair("bare", Environment.STAGING, false)));
    assertThat(candidates).extracting(PairConfig::name).containsExactly("stage");
    assertThat(notes)
        .singleElement()
        .asString()
        .startsWith("bare: no drill: pair 'bare' has no pairs[bare].drill.replication");
  }

  @Test
  void aPairLeftUnrestoredOutranksAnAbortedDrillWhichOutranksTheGate() {
    // the fixture's pair has a HIGH finding that fails: the gate alone gives 1
    AuditResult failed =
        new AuditResult(
            ReportWriterTest.fixture("shop", null),
            new ReportFiles(null, null, null, null, null, null, null),
            new Gate(Severity.HIGH));
    assertThat(FleetDrills.exitCode(failed, Map.of())).isEqualTo(1);
    Map<String, DrillOutcome> drills = new LinkedHashMap<>();
    drills.put("a", new DrillOutcome(null, List.of(), ExitCode.ENVIRONMENT, null));
    assertThat(FleetDrills.exitCode(failed, drills)).isEqualTo(3);
    drills.put("b", new DrillOutcome(null, List.of(), ExitCode.OK, "restore by hand"));
    assertThat(FleetDrills.exitCode(failed, drills)).isEqualTo(4);
  }

  private static PairConfig pair(String name, Environment environment, boolean replication) {
    Duration s = Duration.ofSeconds(1);
    DrillConfig d = DrillConfig.defaults(false);
    DrillConfig drill =
        new DrillConfig(
            d.fault(),
            d.faultCommand(),
            d.recoverCommand(),
            d.promotion(),
            d.failback(),
            d.canaryConnections(),
            d.canarySchema(),
            d.warmup(),
            d.maxLag(),
            d.timeout(),
            d.healthCheck(),
            d.verifyTables(),
            replication
                ? new DrillConfig.Replication("repl", new Secret("x", "test"), null, null)
                : null,
            d.endpoint(),
            d.detectTimeout(),
            d.manager());
    return new PairConfig(
        name,
        environment,
        List.of(),
        node(name + "-1.invalid"),
        node(name + "-2.invalid"),
        new Objectives(s, s, s, 95, s, s, s, s),
        null,
        List.of(),
        drill,
        PairChecks.DEFAULTS);
  }

  private static NodeConfig node(String host) {
    return new NodeConfig(
        host, 3306, "u", new Secret("x", "test"), TlsMode.DISABLED, null, Site.UNDECLARED);
  }
}
