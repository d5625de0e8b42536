package eu.art32.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  static final Path EXAMPLES = Path.of("src/test/resources/examples");
  static final Objectives DEFAULTS =
      new Objectives(
          Duration.ofSeconds(1),
          Duration.ofMinutes(5),
          Duration.ofMillis(5),
          95,
          Duration.ofSeconds(1),
          Duration.ofHours(24),
          Duration.ofHours(1),
          Duration.ofDays(92));
  static final Map<String, String> ENV =
      Map.of(
          "ART32_SHOP_PASSWORD",
          "s3cret-shop",
          "ART32_SHOP_REPL_PASSWORD",
          "s3cret-repl",
          "ART32_CRM_PASSWORD",
          "s3cret-crm");

  @Test
  void readsTheExampleConfig() {
    Art32Config config = new ConfigLoader(ENV, DEFAULTS).load(EXAMPLES.resolve("art32.yaml"));

    assertThat(config.pairs()).extracting(PairConfig::name).containsExactly("shop-eu", "crm-eu");
    PairConfig shop = config.pairs().get(0);
    assertThat(shop.primary().password().reveal()).isEqualTo("s3cret-shop");
    assertThat(shop.primary().tls()).isEqualTo(TlsMode.REQUIRED);
    assertThat(shop.objectives().rto()).isEqualTo(Duration.ofMinutes(2));
    assertThat(shop.runbook()).hasSize(3);
    assertThat(shop.runbook().get(2).kind()).isEqualTo(RunbookStep.Kind.COMMAND);
    PairConfig crm = config.pairs().get(1);
    assertThat(config.controller().organisationNumber()).isEqualTo("999 999 999");
    assertThat(config.controller().personalData()).contains("order history");
    assertThat(crm.environment()).isEqualTo(Environment.PRODUCTION);
    assertThat(crm.primary().port()).as("default port").isEqualTo(3306);
    assertThat(crm.objectives()).as("defaults from rules").isEqualTo(DEFAULTS);
  }

  @Test
  void eachAreaReadsItsOwnSectionAndTheOthersHaveTheirDefaults() {
    Art32Config config = new ConfigLoader(ENV, DEFAULTS).load(EXAMPLES.resolve("art32.yaml"));
    PairConfig shop = config.pairs().get(0);
    PairConfig crm = config.pairs().get(1);

    assertThat(AreaSettings.all())
        .extracting(AreaSettings::key)
        .containsExactly("residency", "latency", "path", "hosts");
    assertThat(eu.art32.path.PathSettings.of(shop).command())
        .isEqualTo("ssh db1.staging.example.no traceroute -n -T -p {port} -q 1 -w 2 -m 30 {host}");
    assertThat(eu.art32.hosts.HostsSettings.of(shop).command()).isEqualTo("ssh {host} sh -s");
    assertThat(eu.art32.latency.LatencySettings.of(shop).samples()).isEqualTo(50);
    assertThat(eu.art32.latency.LatencySettings.of(shop).probeCommand()).contains("{target}");
    assertThat(eu.art32.residency.ResidencySettings.of(shop).policy()).isEqualTo("eea");
    assertThat(eu.art32.path.PathSettings.of(crm).command()).as("no path section").isNull();
    assertThat(eu.art32.latency.LatencySettings.of(crm))
        .isEqualTo(eu.art32.latency.LatencySettings.SECTION.defaults());

    String printed = ConfigPrinter.print(config);
    assertThat(printed)
        .contains(
            "    path:\n      command: \"ssh db1.staging.example.no traceroute -n -T -p {port} -q 1"
                + " -w 2 -m 30 {host}\"\n")
        .contains("    hosts:\n      command: \"ssh {host} sh -s\"\n")
        .contains("    latency:\n      samples: 50\n      warmup: 5\n");
  }

  @Test
  void aWrongKeyInAnAreasSectionIsReportedAtItsLine() {
    String yaml =
        """
        pairs:
          - name: a
            environment: staging
            primary: {host: db1, user: u, password: "${env:PW}"}
            replica: {host: db2, user: u, password: "${env:PW}"}
            path:
              comand: traceroute {host}
            latency:
              samples: 2
        """;
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> new ConfigLoader(Map.of("PW", "x"), DEFAULTS).parse(Path.of("p.yaml"), yaml));
    assertThat(e.problems().stream().map(Problem::toString).toList())
        .anySatisfy(p -> assertThat(p).startsWith("p.yaml:7:").contains("comand"))
        .anySatisfy(p -> assertThat(p).startsWith("p.yaml:9:").contains("latency.samples"));
  }

  @Test
  void readsTheDrillSectionAndDefaultsIt() {
    Art32Config config = new ConfigLoader(ENV, DEFAULTS).load(EXAMPLES.resolve("art32.yaml"));

    DrillConfig shop = config.pairs().get(0).drill();
    assertThat(shop.fault()).isEqualTo(DrillConfig.Fault.COMMAND);
    assertThat(shop.faultCommand()).startsWith("ssh db1.staging.example.no");
    assertThat(shop.promotion()).isEqualTo(DrillConfig.Promotion.RUNBOOK);
    assertThat(shop.canaryConnections()).isEqualTo(2);
    assertThat(shop.healthCheck().kind()).isEqualTo(DrillConfig.HealthCheck.Kind.HTTP);
    assertThat(shop.healthCheck().timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(shop.verifyTables()).containsExactly("shop.customers", "shop.orders");
    assertThat(shop.replication().password().reveal()).isEqualTo("s3cret-repl");
    DrillConfig crm = config.pairs().get(1).drill();
    assertThat(crm)
        .as("a pair without drill: kill, built-in promotion, restore")
        .isEqualTo(DrillConfig.defaults(false));
  }

  @Test
  void readsTheConsistencyAndBackupSectionsAndDefaultsThem() {
    Art32Config config = new ConfigLoader(ENV, DEFAULTS).load(EXAMPLES.resolve("art32.yaml"));

    PairChecks shop = config.pairs().get(0).checks();
    assertThat(shop.heartbeat().interval()).isEqualTo(Duration.ofMillis(100));
    assertThat(shop.heartbeat().window()).isEqualTo(Duration.ofSeconds(3));
    assertThat(shop.consistency().tables()).containsExactly("shop.*");
    assertThat(shop.consistency().exclude()).containsExactly("shop.sessions");
    assertThat(shop.consistency().maxQps()).isEqualTo(200);
    assertThat(shop.backup().node()).isEqualTo("replica");
    assertThat(shop.backup().directory()).isEqualTo(Path.of("/var/backups/mariadb"));
    assertThat(shop.backup().command()).contains("$ART32_BACKUP_DIR");
    assertThat(shop.backup().tool()).isEqualTo("mariadb-backup");
    assertThat(config.pairs().get(0).objectives().restoreRto()).isEqualTo(Duration.ofMinutes(30));
    PairChecks crm = config.pairs().get(1).checks();
    assertThat(crm.heartbeat()).isEqualTo(HeartbeatConfig.DEFAULTS);
    assertThat(crm.consistency()).isEqualTo(ConsistencyConfig.DEFAULTS);
    assertThat(crm.backup()).as("no backup section: backups not assessed").isNull();
    assertThat(config.pairs().get(1).objectives().backupAge()).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void reportsConsistencyAndBackupProblemsWithLineAndColumn() {
    String yaml =
        """
        version: 1
        pairs:
          - name: p
            environment: staging
            primary: {host: a, user: u, password: "${env:PW}"}
            replica: {host: b, user: u, password: "${env:PW}"}
            heartbeat: {interval: 1ms, enabled: maybe, schema: "x;y"}
            consistency: {tables: [orders], chunkRows: 5}
            backup: {node: both}
        """;
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> new ConfigLoader(Map.of("PW", "x"), DEFAULTS).parse(Path.of("c.yaml"), yaml));

    assertThat(e.problems().stream().map(Problem::toString).toList())
        .contains(
            "c.yaml:7:17: 'pairs[p].heartbeat.interval' must be at least 10ms",
            "c.yaml:7:41: 'pairs[p].heartbeat.enabled': expected true or false, found 'maybe'",
            "c.yaml:7:56: 'pairs[p].heartbeat.schema': expected a plain schema name, found 'x;y'",
            "c.yaml:8:28: 'pairs[p].consistency.tables': expected schema.table or schema.*,"
                + " found 'orders'",
            "c.yaml:9:13: missing key 'pairs[p].backup.directory'",
            "c.yaml:9:20: 'pairs[p].backup.node': expected one of primary, replica, found 'both'")
        .anyMatch(p -> p.startsWith("c.yaml:8:48: 'pairs[p].consistency.chunkRows': 5 is outside"));
  }

  @Test
  void reportsDrillProblemsWithLineAndColumn() {
    String yaml =
        """
        version: 1
        pairs:
          - name: p
            environment: staging
            primary: {host: a, user: u, password: "${env:PW}"}
            replica: {host: b, user: u, password: "${env:PW}"}
            drill:
              fault: command
              promotion: runbook
              canarySchema: "art32-canary"
              verifyTables: [customers]
              healthCheck: {tcp: "no-port", http: "http://x"}
              replication: {user: repl, password: hunter2}
              falback: swap
        """;
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> new ConfigLoader(Map.of("PW", "x"), DEFAULTS).parse(Path.of("d.yaml"), yaml));

    assertThat(e.problems().stream().map(Problem::toString).toList())
        .contains(
            "d.yaml:8:7: 'pairs[p].drill.fault' command needs 'pairs[p].drill.faultCommand'",
            "d.yaml:9:7: 'pairs[p].drill.promotion' runbook needs a 'runbook' list on the pair",
            "d.yaml:10:21: 'pairs[p].drill.canarySchema': expected 1 to 64 letters, digits and _ only,"
                + " found 'art32-canary'",
            "d.yaml:11:22: 'pairs[p].drill.verifyTables': expected schema.table, found 'customers'",
            "d.yaml:12:26: 'pairs[p].drill.healthCheck.tcp': expected host:port, found 'no-port'")
        .anyMatch(p -> p.startsWith("d.yaml:12:20: 'pairs[p].drill.healthCheck' needs exactly one"))
        .as("why each alternative failed is not said on top")
        .noneMatch(p -> p.contains("missing key 'pairs[p].drill.healthCheck.sql'"))
        .anyMatch(
            p ->
                p.startsWith(
                    "d.yaml:13:43: 'pairs[p].drill.replication.password': expected a reference"))
        .anyMatch(
            p -> p.contains("unknown key 'pairs[p].drill.falback'") && p.contains("failback"));
  }

  @Test
  void reportsEveryProblemWithLineAndColumn() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> new ConfigLoader(ENV, DEFAULTS).load(EXAMPLES.resolve("broken.yaml")));

    List<String> problems = e.problems().stream().map(Problem::toString).toList();
    String file = EXAMPLES.resolve("broken.yaml").toString();
    assertThat(problems)
        .as("all problems at once, each with file:line:column")
        .contains(
            file
                + ":7:13: 'pairs[shop].primary.port': expected a whole number, found 'not-a-number'",
            file
                + ":9:7: 'pairs[shop].primary.password': environment variable ART32_MISSING_PASSWORD is not set",
            file
                + ":15:18: 'pairs[shop].environment': expected one of staging, production, found 'stagin'",
            file + ":14:11: duplicate pair name 'shop' (first at line 3)");
    assertThat(problems)
        .anyMatch(
            p ->
                p.startsWith(file + ":13:7: unknown key 'pairs[shop].replica.pasword'")
                    && p.contains("did you mean 'password'"));
    assertThat(problems)
        .anyMatch(p -> p.startsWith(file + ":16:49:") && p.contains("never the password itself"));
    assertThat(String.join("\n", problems))
        .as("a literal password never echoes")
        .doesNotContain("hunter2");
  }

  @Test
  void malformedYamlNamesTheLine() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                new ConfigLoader(ENV, DEFAULTS)
                    .parse(Path.of("bad.yaml"), "pairs:\n  - name: a\n    primary: {host: [\n"));

    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0).toString()).startsWith("bad.yaml:").contains("not valid YAML");
  }

  @Test
  void readsThePasswordFromAnOptionFile(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    java.nio.file.Files.writeString(
        dir.resolve("my.cnf"),
        "[mysql]\npassword=wrong\n[client]\nuser = auditor\npassword = \"from-file\"\n");
    String yaml =
        "pairs:\n  - name: p\n    environment: staging\n    primary: {host: a, optionFile: my.cnf}\n    replica: {host: b, optionFile: my.cnf}\n";

    Art32Config config =
        new ConfigLoader(Map.of(), DEFAULTS).parse(dir.resolve("art32.yaml"), yaml);

    NodeConfig primary = config.pairs().get(0).primary();
    assertThat(primary.user()).isEqualTo("auditor");
    assertThat(primary.password().reveal()).isEqualTo("from-file");
    assertThat(primary.password().toString()).doesNotContain("from-file");
  }

  @Test
  void valuesAreTypedAsYamlReadsThemForTheirKey() {
    String yaml =
        """
        version: "1"
        pairs:
          - name: p
            environment: Staging
            primary: {host: a, port: "3307", user: u, password: "${env:PW}", tls: REQUIRED}
            replica: {host: b, user: u, password: "${env:PW}"}
            heartbeat: {enabled: no}
            consistency: {chunkRows: "5000"}
        """;
    PairConfig pair =
        new ConfigLoader(Map.of("PW", "x"), DEFAULTS).parse(Path.of("t.yaml"), yaml).pairs().get(0);

    assertThat(pair.environment()).isEqualTo(Environment.STAGING);
    assertThat(pair.primary().port()).isEqualTo(3307);
    assertThat(pair.primary().tls()).isEqualTo(TlsMode.REQUIRED);
    assertThat(pair.checks().heartbeat().enabled()).isFalse();
    assertThat(pair.checks().consistency().chunkRows()).isEqualTo(5000);
    assertThat(pair.checks().consistency().maxQps()).as("default kept").isEqualTo(200);
  }

  @Test
  void theBoundsInMessagesAreTheSchemas() throws Exception {
    com.fasterxml.jackson.databind.JsonNode schema =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(ConfigSchema.text());
    com.fasterxml.jackson.databind.JsonNode port = schema.at("/$defs/node/properties/port");
    String yaml =
        """
        pairs:
          - name: p
            environment: staging
            primary: {host: a, port: 70000, user: u, password: "${env:PW}"}
            replica: {host: b, user: u, password: "${env:PW}"}
        """;
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> new ConfigLoader(Map.of("PW", "x"), DEFAULTS).parse(Path.of("b.yaml"), yaml));

    assertThat(e.problems().stream().map(Problem::toString).toList())
        .containsExactly(
            "b.yaml:4:30: 'pairs[p].primary.port': 70000 is outside "
                + port.get("minimum").asText()
                + ".."
                + port.get("maximum").asText());
  }

  @Test
  void everySectionBoundWithJacksonHasExactlyTheSchemasKeys() {
    java.util.Map<Class<?>, java.util.List<String>> sections =
        java.util.Map.of(
            Site.class, java.util.List.of("pairs", "[]", "primary", "site"),
            Objectives.class, java.util.List.of("pairs", "[]", "objectives"),
            HeartbeatConfig.class, java.util.List.of("pairs", "[]", "heartbeat"),
            ConsistencyConfig.class, java.util.List.of("pairs", "[]", "consistency"));
    sections.forEach(
        (type, path) ->
            assertThat(
                    java.util.Arrays.stream(type.getRecordComponents())
                        .map(java.lang.reflect.RecordComponent::getName)
                        .toList())
                .as(type.getSimpleName())
                .containsExactlyInAnyOrderElementsOf(
                    ConfigSchema.keys(path.toArray(String[]::new))));
  }
}
