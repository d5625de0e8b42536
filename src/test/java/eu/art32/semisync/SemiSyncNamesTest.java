package eu.art32.semisync;

import static org.assertj.core.api.Assertions.assertThat;

import eu.art32.evidence.SemiSyncEvidence;
import eu.art32.topology.Dialect;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The names semi-synchronous replication goes by, at every boundary: MariaDB built in; MySQL before
 * 8.0.26 the master/slave plugins; 8.0.26 to 8.3 whichever plugin is loaded (the new one when
 * neither or both); 8.4 and 9.x the source/replica names only. MySQL 8.4 and 9.x cannot run here:
 * their statements are covered here only.
 */
class SemiSyncNamesTest {
  @ParameterizedTest(name = "{0} with {1} loaded")
  @CsvSource({
    "10.5.0-MariaDB,  none,   master,  slave,   true,  false",
    "10.11.5-MariaDB, none,   master,  slave,   true,  false",
    "11.4.5-MariaDB,  none,   master,  slave,   true,  false",
    "5.7.22,          none,   master,  slave,   false, true",
    "8.0.15,          old,    master,  slave,   false, true",
    "8.0.25,          old,    master,  slave,   false, true",
    "8.0.26,          none,   source,  replica, false, true",
    "8.0.26,          old,    master,  slave,   false, true",
    "8.0.26,          new,    source,  replica, false, true",
    "8.0.40,          both,   source,  replica, false, true",
    "8.3.0,           old,    master,  slave,   false, true",
    "8.4.0,           old,    source,  replica, false, true",
    "9.1.0,           none,   source,  replica, false, true"
  })
  void namesByServerAndLoadedPlugin(
      String version,
      String loaded,
      String source,
      String replica,
      boolean builtIn,
      boolean waitCount) {
    Map<String, String> variables =
        switch (loaded.trim()) {
          case "old" -> Map.of("rpl_semi_sync_master_enabled", "OFF");
          case "new" -> Map.of("rpl_semi_sync_source_enabled", "OFF");
          case "both" ->
              Map.of("rpl_semi_sync_master_enabled", "OFF", "rpl_semi_sync_source_enabled", "OFF");
          default -> Map.of();
        };

    SemiSyncNames names = SemiSyncNames.of(Dialect.of(version), variables);

    assertThat(names.source()).isEqualTo(source);
    assertThat(names.replica()).isEqualTo(replica);
    assertThat(names.builtIn()).isEqualTo(builtIn);
    assertThat(names.sourceEnabled()).isEqualTo("rpl_semi_sync_" + source + "_enabled");
    assertThat(names.sourceStatus("no_times")).isEqualTo("Rpl_semi_sync_" + source + "_no_times");
    assertThat(names.replicaStatus()).isEqualTo("Rpl_semi_sync_" + replica + "_status");
    assertThat(names.waitForCount())
        .isEqualTo(
            waitCount ? "rpl_semi_sync_" + source + "_wait_for_" + replica + "_count" : null);
    assertThat(names.sourcePlugin()).isEqualTo(builtIn ? null : "rpl_semi_sync_" + source);
  }

  /** MySQL 8.0.26+ with no plugin: the node says which plugin it lacks, in the new names. */
  @ParameterizedTest
  @CsvSource({
    "5.7.22, rpl_semi_sync_master and rpl_semi_sync_slave",
    "8.4.0, rpl_semi_sync_source and rpl_semi_sync_replica"
  })
  void aMySqlNodeWithoutThePluginSaysWhichItLacks(String version, String missing) {
    Map<String, String> none = Map.of();
    SemiSyncEvidence.Node node =
        SemiSyncAudit.node(
            "primary", SemiSyncNames.of(Dialect.of(version), none), none, Map.of("uptime", "9"));

    assertThat(node.missingPlugin()).isEqualTo(missing);
    assertThat(node.sourceEnabled()).isFalse();
    assertThat(node.on()).isNull();
    assertThat(node.uptimeSeconds()).isEqualTo(9);
  }

  @ParameterizedTest
  @CsvSource({"11.4.5-MariaDB, master, slave", "8.0.40, source, replica"})
  void aNodesVariablesAndCountersAreReadUnderItsNames(
      String version, String source, String replica) {
    Map<String, String> variables =
        Map.of(
            "rpl_semi_sync_" + source + "_enabled", "ON",
            "rpl_semi_sync_" + replica + "_enabled", "OFF",
            "rpl_semi_sync_" + source + "_wait_point", "AFTER_SYNC",
            "rpl_semi_sync_" + source + "_timeout", "10000",
            "rpl_semi_sync_" + source + "_wait_for_" + replica + "_count", "2");
    Map<String, String> status =
        Map.of(
            ("Rpl_semi_sync_" + source + "_status").toLowerCase(),
            "ON",
            ("Rpl_semi_sync_" + source + "_clients").toLowerCase(),
            "1",
            ("Rpl_semi_sync_" + source + "_no_times").toLowerCase(),
            "3",
            ("Rpl_semi_sync_" + source + "_no_tx").toLowerCase(),
            "17",
            ("Rpl_semi_sync_" + source + "_yes_tx").toLowerCase(),
            "40",
            ("Rpl_semi_sync_" + source + "_tx_avg_wait_time").toLowerCase(),
            "512",
            "uptime",
            "3600");

    SemiSyncEvidence.Node node =
        SemiSyncAudit.node(
            "primary", SemiSyncNames.of(Dialect.of(version), variables), variables, status);

    assertThat(node.missingPlugin()).isNull();
    assertThat(node.names()).isEqualTo(source + "/" + replica);
    assertThat(node.sourceEnabled()).isTrue();
    assertThat(node.replicaEnabled()).isFalse();
    assertThat(node.waitPoint()).isEqualTo("AFTER_SYNC");
    assertThat(node.timeoutMillis()).isEqualTo(10000);
    assertThat(node.waitForCount()).isEqualTo(source.equals("master") ? null : 2L);
    assertThat(node.on()).isTrue();
    assertThat(node.clients()).isEqualTo(1);
    assertThat(node.noTimes()).isEqualTo(3);
    assertThat(node.noTx()).isEqualTo(17);
    assertThat(node.yesTx()).isEqualTo(40);
    assertThat(node.avgWaitMicros()).isEqualTo(512);
  }
}
