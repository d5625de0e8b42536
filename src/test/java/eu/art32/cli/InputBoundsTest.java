package eu.art32.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files and paths art32 is handed are checked before anything runs: bounded reads, devices and
 * directories refused, a clear one-line message naming the file (and line), exit 2, and an output
 * directory that cannot be written stops a drill before its fault.
 */
class InputBoundsTest {
  private static final Map<String, String> ENV = Map.of("P", "pw");
  @TempDir Path dir;

  /** A staging pair nobody listens for: any attempt to reach it would fail with exit 3. */
  private Path unreachablePair() throws Exception {
    return Files.writeString(
        dir.resolve("art32.yaml"),
        """
        version: 1
        pairs:
          - name: lab
            environment: staging
            primary: {host: 127.0.0.1, port: 1, user: art32, password: "${env:P}", tls: disabled}
            replica: {host: 127.0.0.1, port: 2, user: art32, password: "${env:P}", tls: disabled}
            drill: {replication: {user: repl, password: "${env:P}"}}
        """);
  }

  @Test
  void aDeviceADirectoryOrNonUtf8TextIsRefusedAsAConfigOrWaiversFile() throws Exception {
    CliRun zero = CliRun.of(ENV, "config", "check", "--config", "/dev/zero");
    assertThat(zero.exitCode()).isEqualTo(2);
    assertThat(zero.err())
        .contains("error: /dev/zero:1:1: config file is not a regular file")
        .doesNotContain("OutOfMemoryError", "\tat ");

    CliRun directory = CliRun.of(ENV, "config", "check", "--config", dir.toString());
    assertThat(directory.exitCode()).isEqualTo(2);
    assertThat(directory.err()).contains(dir + ":1:1: config file is a directory");

    Path latin1 = dir.resolve("latin1.yaml");
    Files.write(
        latin1, "version: 1\noperator: \"K\u00e5re\"\n".getBytes(StandardCharsets.ISO_8859_1));
    CliRun notUtf8 = CliRun.of(ENV, "config", "check", "--config", latin1.toString());
    assertThat(notUtf8.exitCode()).isEqualTo(2);
    assertThat(notUtf8.err()).contains(latin1 + ":2:13: config file is not UTF-8 text");

    CliRun waivers =
        CliRun.of(
            ENV,
            "gate",
            "--config",
            unreachablePair().toString(),
            "--waivers",
            "/dev/zero",
            "--out",
            dir.resolve("gate").toString());
    assertThat(waivers.exitCode()).isEqualTo(2);
    assertThat(waivers.err()).contains("/dev/zero:1:1: waivers file is not a regular file");
  }

  @Test
  void pairNamesAreBoundedAndNoControlCharacterReachesTheTerminalRaw() throws Exception {
    String pairs =
        """
        version: 1
        pairs:
          - name: NAME
            environment: staging
            primary: {host: 127.0.0.1, port: 1, user: a, password: "${env:P}"}
            replica: {host: 127.0.0.1, port: 2, user: a, password: "${env:P}"}
        """;
    Path longName =
        Files.writeString(dir.resolve("long.yaml"), pairs.replace("NAME", "p".repeat(10_000)));
    CliRun tooLong = CliRun.of(ENV, "config", "check", "--config", longName.toString());
    assertThat(tooLong.exitCode()).isEqualTo(2);
    assertThat(tooLong.err())
        .contains(
            longName + ":3:11: 'pairs[line 3].name': expected 1 to 64 letters", "a value of 10000")
        .hasSizeLessThan(1000);

    Path hostile =
        Files.writeString(dir.resolve("bidi.yaml"), pairs.replace("NAME", "\"shop\\u202Eue\\n\""));
    CliRun bidi = CliRun.of(ENV, "config", "check", "--config", hostile.toString());
    assertThat(bidi.exitCode()).isEqualTo(2);
    assertThat(bidi.err())
        .contains("'shop\\u202Eue\\u000A'")
        .doesNotContain("\u202E")
        .hasLineCount(2);
    assertThat(Terminal.safe("ok \u001b[31mred\u001b[0m")).isEqualTo("ok \\u001B[31mred\\u001B[0m");
    assertThat(Terminal.safe("Kåre Ødegård")).as("letters pass").isEqualTo("Kåre Ødegård");
  }

  @Test
  void anEmptyPasswordVariableAndAMissingVerifyPathAreUsageErrors() throws Exception {
    CliRun empty =
        CliRun.of(Map.of("P", ""), "config", "check", "--config", unreachablePair().toString());
    assertThat(empty.exitCode()).isEqualTo(2);
    assertThat(empty.err()).contains("environment variable P is empty");

    CliRun verify = CliRun.of("verify", dir.resolve("no-such-run").toString());
    assertThat(verify.exitCode()).isEqualTo(2);
    assertThat(verify.err()).contains("no-such-run does not exist");
  }

  @Test
  void aYamlSyntaxErrorSaysWhatWasExpectedAndWhere() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "version: 1\npairs: [a, b\n");
    CliRun run = CliRun.of(ENV, "config", "check", "--config", bad.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains(bad + ":3:1: not valid YAML: while parsing a flow sequence: expected ',' or ']'");
  }

  @Test
  void anUnwritableOutputStopsADrillBeforeAnyServerIsTouched() throws Exception {
    Path config = unreachablePair();
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    CliRun drill =
        CliRun.of(
            ENV,
            "drill",
            "--config",
            config.toString(),
            "--pair",
            "lab",
            "--yes",
            "--out",
            file.toString());
    assertThat(drill.exitCode()).as(drill.err()).isEqualTo(2);
    assertThat(drill.err())
        .contains("--out " + file + ": is a file, not a directory; nothing was run")
        .as("the servers were never tried")
        .doesNotContain("127.0.0.1:1");
    assertThat(Files.readString(file)).isEqualTo("x");

    CliRun audit = CliRun.of(ENV, "audit", "--config", config.toString(), "--out", file.toString());
    assertThat(audit.exitCode()).isEqualTo(2);
  }

  @Test
  void drillJournalsLiveBesideTheConfigSoRecoverFindsThemFromAnyDirectory() throws Exception {
    CliRun run =
        CliRun.of(ENV, "recover", "--config", unreachablePair().toString(), "--pair", "lab");
    assertThat(run.err())
        .as("an absolute place beside the config, not one relative to the working directory")
        .contains(dir.resolve(".art32/drills").toString());
  }

  @Test
  void aGeoIpPathThatIsNoFileIsAUsageErrorNamingWhatItIs() throws Exception {
    CliRun run =
        CliRun.of(
            ENV,
            "audit",
            "--config",
            unreachablePair().toString(),
            "--geoip-db",
            dir.toString(),
            "--out",
            dir.resolve("out").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--geoip-db: " + dir + " is a directory, not a database file");
  }

  @Test
  void anUnknownReportLanguageLeavesNoDirectoryBehind() throws Exception {
    Path out = dir.resolve("never");
    Path evidence = Files.writeString(dir.resolve("evidence.json"), "{}");
    CliRun run =
        CliRun.of(
            ENV, "report", "--from", evidence.toString(), "--lang", "xx", "--out", out.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(out).doesNotExist();
  }
}
