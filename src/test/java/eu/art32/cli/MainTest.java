package eu.art32.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  private static final String EXAMPLE = "src/test/resources/examples/art32.yaml";
  private static final Map<String, String> ENV =
      Map.of(
          "ART32_SHOP_PASSWORD",
          "s3cret-shop",
          "ART32_SHOP_REPL_PASSWORD",
          "s3cret-repl",
          "ART32_CRM_PASSWORD",
          "s3cret-crm");

  @Test
  void configCheckPrintsTheResolvedConfigWithSecretsRedacted() {
    CliRun run = CliRun.of(ENV, "config", "check", "--config", EXAMPLE);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains(
            "name: \"shop-eu\"",
            "password: \"<redacted: env ART32_SHOP_PASSWORD>\"",
            "# ok: 2 pairs");
    assertThat(run.out() + run.err())
        .as("no secret in any output")
        .doesNotContain("s3cret-shop", "s3cret-crm");
  }

  /** --fault, --promotion and --failback try another drill without editing art32.yaml. */
  @Test
  void drillOverridesTheConfiguredFaultPromotionAndFailbackForOneRun() {
    CliRun configured =
        CliRun.of(ENV, "drill", "--config", EXAMPLE, "--pair", "shop-eu", "--dry-run");
    assertThat(configured.out())
        .contains(
            "3. Fault (command): sh -c 'ssh db1.staging.example.no", "4. Promotion (runbook)");

    CliRun freeze =
        CliRun.of(
            ENV,
            "drill",
            "--config",
            EXAMPLE,
            "--pair",
            "shop-eu",
            "--dry-run",
            "--fault",
            "freeze",
            "--promotion",
            "builtin",
            "--failback",
            "swap");
    assertThat(freeze.exitCode()).as(freeze.err()).isZero();
    assertThat(freeze.out())
        .contains("3. Fault (freeze): kill -STOP", "4. Promotion (built-in)", "7. Failback (swap)")
        .doesNotContain("systemctl kill");

    CliRun wrong =
        CliRun.of(
            ENV, "drill", "--config", EXAMPLE, "--pair", "shop-eu", "--dry-run", "--fault", "melt");
    assertThat(wrong.exitCode()).isEqualTo(2);
    assertThat(wrong.err())
        .contains("--fault: expected kill, stop, freeze, partition, command, found 'melt'");
    CliRun noRunbook =
        CliRun.of(
            ENV,
            "drill",
            "--config",
            EXAMPLE,
            "--pair",
            "crm-eu",
            "--dry-run",
            "--promotion",
            "runbook");
    assertThat(noRunbook.exitCode()).isEqualTo(2);
    assertThat(noRunbook.err()).contains("--promotion runbook needs a 'runbook' list");
  }

  @Test
  void badConfigPrintsEveryProblemAndExitsTwo() {
    CliRun run =
        CliRun.of(ENV, "config", "check", "--config", "src/test/resources/examples/broken.yaml");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(
            run.err()
                .lines()
                .filter(l -> l.startsWith("error: src/test/resources/examples/broken.yaml:")))
        .hasSizeGreaterThanOrEqualTo(6);
    assertThat(run.err()).contains("problems; nothing was run").doesNotContain("\tat ", "hunter2");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void missingEnvironmentVariableIsAUsageError() {
    CliRun run =
        CliRun.of(Map.of("ART32_CRM_PASSWORD", "x"), "config", "check", "--config", EXAMPLE);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("environment variable ART32_SHOP_PASSWORD is not set");
  }

  @Test
  void missingConfigFileNamesIt() {
    CliRun run = CliRun.of("audit", "--config", "no/such/art32.yaml");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip())
        .isEqualTo(
            "error: no/such/art32.yaml:1:1: config file not found\n1 problem; nothing was run");
  }

  @Test
  void auditOfAnUnknownPairIsAUsageErrorAndWritesNothing(@TempDir Path out) throws Exception {
    CliRun run =
        CliRun.of(
            ENV,
            "audit",
            "--config",
            EXAMPLE,
            "--pair",
            "nope",
            "--out",
            out.resolve("r").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no pair named 'nope'", "shop-eu, crm-eu");
    assertThat(Files.exists(out.resolve("r"))).isFalse();
  }

  @Test
  void unknownOptionsAreUsageErrors() {
    CliRun run = CliRun.of("audit", "--frobnicate");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unknown option: '--frobnicate'");
  }

  @Test
  void brokenRulesDirectoryIsReportedWithItsLine(@TempDir Path rules) throws Exception {
    Files.writeString(
        rules.resolve("replication.yaml"),
        "version: x\nrules:\n  - id: R1\n    title: t\n    severity: urgent\n    check: variable\n");

    CliRun run =
        CliRun.of(ENV, "config", "check", "--config", EXAMPLE, "--rules", rules.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            rules.resolve("replication.yaml")
                + ":5:15: 'rules[].severity': expected one of critical, high, medium, low, found 'urgent'")
        .contains("check 'variable' needs 'variable' and 'expected'");
  }

  @Test
  void versionAndSchema() {
    assertThat(CliRun.of("--version").out()).startsWith("art32 ");
    assertThat(CliRun.of("--help").out())
        .as("help lists the exit codes")
        .contains("Exit codes:", " 3  environment unreachable", "70  internal error");
    CliRun schema = CliRun.of("config", "schema");
    assertThat(schema.exitCode()).isZero();
    assertThat(schema.out()).contains("\"$schema\"", "\"pairs\"");
  }

  /**
   * An unreadable geo-IP database no longer stops the run: residency is NOT_ASSESSED with the file
   * and the reason (here the example's hosts cannot be reached either, so the exit is 3).
   */
  @Test
  void anUnreadableGeoIpDatabaseLeavesResidencyNotAssessedWithTheReason(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path broken =
        java.nio.file.Files.writeString(dir.resolve("GeoLite2-City.mmdb"), "not a database");
    // the example without its evidence section: its signing key is not on this machine, and the
    // pre-flight would stop the audit on that first
    String example = java.nio.file.Files.readString(java.nio.file.Path.of(EXAMPLE));
    java.nio.file.Path config =
        java.nio.file.Files.writeString(
            dir.resolve("art32.yaml"), example.replaceAll("(?s)\nevidence:.*?\n(?=pairs:)", "\n"));

    CliRun run =
        CliRun.of(
            ENV,
            "audit",
            "--config",
            config.toString(),
            "--geoip-db",
            broken.toString(),
            "--out",
            dir.resolve("out").toString());

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).doesNotContain("\tat ");
    String evidence = java.nio.file.Files.readString(dir.resolve("out/evidence.json"));
    assertThat(evidence)
        .contains("not assessed: geo-IP database " + broken + " is unreadable or corrupt");
  }

  /** Exit 70, the README's last code: an exception art32 did not expect is said in one line. */
  @Test
  void anUnexpectedErrorIsAnInternalErrorInOneLine() {
    java.io.StringWriter err = new java.io.StringWriter();
    Context context =
        new Context(
            new java.io.PrintWriter(new java.io.StringWriter()),
            new java.io.PrintWriter(err),
            java.util.Map.of(),
            false);

    int code = Main.report(new IllegalStateException("a bug"), context, false);

    assertThat(code).isEqualTo(70).isEqualTo(eu.art32.ExitCode.INTERNAL.code());
    assertThat(err.toString())
        .isEqualTo("error: internal error: java.lang.IllegalStateException: a bug\n");
  }
}
