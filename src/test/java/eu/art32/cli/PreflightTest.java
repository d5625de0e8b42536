package eu.art32.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.art32.report.ReportWriter;
import eu.art32.report.ReportWriterFixture;
import eu.art32.rules.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input costs nothing: a case per row (what is handed to art32, the exit code, what the message
 * must say). The drill rows run {@code drill --yes} on a pair nobody listens for: any attempt to
 * reach it would end in exit 3 or 4 and name its address, so exit 2 with the message proves the
 * pre-flight stopped the drill before any server was touched.
 */
class PreflightTest {
  private static final Map<String, String> ENV = Map.of("P", "pw");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** One bad input: builds the arguments in a fresh directory; exit code and message expected. */
  record Case(String name, Function<Path, List<String>> args, int exit, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> cases() {
    return Stream.of(
            new Case(
                "--out whose name is too long",
                d -> drill(d, "--out", d.resolve("x".repeat(300)).toString()),
                2,
                "cannot write there (FileSystem: File name too long); nothing was run"),
            new Case(
                "--out a dangling symbolic link",
                d -> drill(d, "--out", link(d, "gone").toString()),
                2,
                ", which does not exist; nothing was run"),
            new Case(
                "--sign-key that does not exist",
                d -> drill(d, "--sign-key", d.resolve("missing.key").toString()),
                2,
                "--sign-key " + "MISSING" + ": cannot read the Ed25519 signing keys"),
            new Case(
                "--waivers with a bad date",
                d -> drill(d, "--waivers", write(d, "w.yaml", WAIVERS).toString()),
                2,
                "w.yaml:6:5: 'waivers[].expires': expected a date YYYY-MM-DD, found 'soon'"),
            new Case(
                "--templates with a broken template",
                d -> drill(d, "--templates", templates(d).toString()),
                2,
                "report.ftlh:1:"),
            new Case(
                "drill.timeout of 0s",
                d -> drill(config(d, "timeout: 0s"), d),
                2,
                "'pairs[lab].drill.timeout': 0s is below the least allowed, 1s"),
            new Case(
                "a duration that overflows",
                d -> drill(config(d, "warmup: 99999999999999999999d"), d),
                2,
                "99999999999999999999d is above the most allowed, 1h"),
            new Case(
                "two bad inputs at once",
                d ->
                    drill(
                        d,
                        "--sign-key",
                        d.resolve("missing.key").toString(),
                        "--waivers",
                        write(d, "w.yaml", WAIVERS).toString()),
                2,
                "2 problems; nothing was run"),
            new Case(
                "a config problem, a bad --out and a missing key, said in one round",
                d ->
                    drill(
                        config(d, "timeout: 0s"),
                        d,
                        "--out",
                        link(d, "gone").toString(),
                        "--sign-key",
                        d.resolve("missing.key").toString()),
                2,
                "3 problems; nothing was run"),
            new Case(
                "--rules naming no directory",
                d -> drill(d, "--rules", d.resolve("no-rules").toString()),
                2,
                "--rules " + "NORULES" + ": no such directory; nothing was run"),
            new Case(
                "verify --public-key /dev/zero",
                d -> List.of("verify", d.toString(), "--public-key", "/dev/zero"),
                2,
                "--public-key /dev/zero: not an Ed25519 public key (PEM)"))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badInputIsAUsageErrorBeforeAnyServerIsTouched(Case c) {
    List<String> args = c.args().apply(dir);
    CliRun run = CliRun.of(ENV, args.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(c.exit());
    assertThat(run.err())
        .contains(
            c.message()
                .replace("MISSING", dir.resolve("missing.key").toString())
                .replace("NORULES", dir.resolve("no-rules").toString()))
        .as("never reached for the servers, never a stack trace")
        .doesNotContain("127.0.0.1:1", "\tat ", "internal error");
    assertThat(dir.resolve("out")).as("no output written").doesNotExist();
  }

  @Test
  void aRunIdFromEvidenceIsCheckedBeforeItNamesAFolderInTheHistory() throws Exception {
    Path history = Files.createDirectories(dir.resolve("history"));
    Path out = dir.resolve("first");
    new ReportWriter(new Resources("templates", null))
        .write(ReportWriterFixture.run("shop", "20261126T000000Z-abc1"), out);
    ObjectNode evidence = (ObjectNode) JSON.readTree(out.resolve("evidence.json").toFile());
    evidence.put("runId", "../escaped-run");
    Path hostile = dir.resolve("hostile/evidence.json");
    Files.createDirectories(hostile.getParent());
    JSON.writeValue(hostile.toFile(), evidence);

    CliRun run =
        CliRun.of(
            "report",
            "--from",
            hostile.toString(),
            "--history",
            history.toString(),
            "--out",
            dir.resolve("again").toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains("runId: run id '../escaped-run' is not an art32 run id");
    assertThat(dir.resolve("escaped-run")).doesNotExist();
    assertThat(dir.resolve("again")).doesNotExist();

    CliRun noHistory =
        CliRun.of(
            "report",
            "--from",
            out.resolve("evidence.json").toString(),
            "--history",
            dir.resolve("no-such-history").toString(),
            "--out",
            dir.resolve("again").toString());
    assertThat(noHistory.exitCode()).as(noHistory.err()).isEqualTo(2);
    assertThat(noHistory.err()).contains("no-such-history: no such directory");

    CliRun waivers =
        CliRun.of(
            "report",
            "--from",
            out.resolve("evidence.json").toString(),
            "--waivers",
            dir.resolve("no-such-waivers.yaml").toString(),
            "--out",
            dir.resolve("again").toString());
    assertThat(waivers.exitCode()).as(waivers.err()).isEqualTo(2);
    assertThat(waivers.err()).contains("--waivers: report renders a stored run as it was judged");
    assertThat(dir.resolve("again")).doesNotExist();
  }

  /** What the report reads from evidence.json besides the findings must be there and agree. */
  @Test
  void evidenceMissingItsTotalsIsAUsageErrorNamingTheKey() throws Exception {
    Path out = dir.resolve("first");
    new ReportWriter(new Resources("templates", null))
        .write(ReportWriterFixture.run("shop", "20261126T000000Z-abc1"), out);
    ObjectNode evidence = (ObjectNode) JSON.readTree(out.resolve("evidence.json").toFile());
    evidence.remove("totals");
    Path edited = dir.resolve("edited/evidence.json");
    Files.createDirectories(edited.getParent());
    JSON.writeValue(edited.toFile(), evidence);

    CliRun run =
        CliRun.of("report", "--from", edited.toString(), "--out", dir.resolve("again").toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains("not valid art32 evidence: missing key 'totals'");

    evidence.set(
        "totals", JSON.readTree(out.resolve("evidence.json").toFile()).get("totals").deepCopy());
    ((ObjectNode) evidence.get("totals")).put("FAIL", 999);
    JSON.writeValue(edited.toFile(), evidence);
    CliRun changed =
        CliRun.of("report", "--from", edited.toString(), "--out", dir.resolve("again").toString());
    assertThat(changed.exitCode()).isEqualTo(2);
    assertThat(changed.err()).contains("the stored 'totals' is not what its findings give");
    assertThat(dir.resolve("again")).doesNotExist();
  }

  /**
   * evidence.json is bounded before it is held in memory: more pairs than a run covers, or more
   * bytes than art32 writes, is a usage error with the figure (a 100,000-pair file ran the JVM out
   * of memory after four minutes before).
   */
  @Test
  void evidenceLargerThanAnyRunWritesIsRefusedBeforeItIsRead() throws Exception {
    Path out = dir.resolve("first");
    new ReportWriter(new Resources("templates", null))
        .write(ReportWriterFixture.run("shop", "20261126T000000Z-abc1"), out);
    ObjectNode evidence = (ObjectNode) JSON.readTree(out.resolve("evidence.json").toFile());
    com.fasterxml.jackson.databind.node.ArrayNode pairs = evidence.putArray("pairs");
    for (int i = 0; i <= eu.art32.config.Art32Config.MAX_PAIRS_PER_RUN; i++) {
      pairs.addObject().put("name", "pair-" + i);
    }
    Path many = dir.resolve("many/evidence.json");
    Files.createDirectories(many.getParent());
    JSON.writeValue(many.toFile(), evidence);

    CliRun run =
        CliRun.of("report", "--from", many.toString(), "--out", dir.resolve("again").toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains("holds 1001 pairs; a run covers at most 1000");

    Path huge = dir.resolve("huge/evidence.json");
    Files.createDirectories(huge.getParent());
    try (var file = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
      file.setLength((512L << 20) + 1); // sparse: no disk used
    }
    CliRun big =
        CliRun.of("report", "--from", huge.toString(), "--out", dir.resolve("again").toString());
    assertThat(big.exitCode()).as(big.err()).isEqualTo(2);
    assertThat(big.err()).contains("512 MiB, larger than any evidence.json art32 writes");
    assertThat(dir.resolve("again")).doesNotExist();
  }

  @Test
  void aRunOfMorePairsThanOneEvidenceHoldsIsRefused() {
    StringBuilder yaml = new StringBuilder("version: 1\npairs:\n");
    for (int i = 0; i <= eu.art32.config.Art32Config.MAX_PAIRS_PER_RUN; i++) {
      yaml.append("  - name: p")
          .append(i)
          .append("\n    environment: staging\n")
          .append("    primary: {host: 127.0.0.1, port: 1, user: a, password: \"${env:P}\"}\n")
          .append("    replica: {host: 127.0.0.1, port: 2, user: a, password: \"${env:P}\"}\n");
    }
    Path config = write(dir, "fleet.yaml", yaml.toString());

    CliRun run =
        CliRun.of(
            ENV, "audit", "--config", config.toString(), "--out", dir.resolve("out").toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err())
        .contains("1001 pairs selected in", "one run covers at most 1000", "--tag")
        .doesNotContain("127.0.0.1:1");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  /** ESC in a pair name (from an evidence.json) never makes junit.xml unreadable XML. */
  @Test
  void controlCharactersReachNoReportRaw() throws Exception {
    Path out = dir.resolve("first");
    new ReportWriter(new Resources("templates", null))
        .write(ReportWriterFixture.run("shop\u001b[31m", "20261126T000000Z-abc1"), out);

    String junit = Files.readString(out.resolve("junit.xml"));
    assertThat(junit).doesNotContain("\u001b").contains("shop\u241b[31m");
    DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(out.resolve("junit.xml").toFile()); // throws when not well-formed
    assertThat(Files.readString(out.resolve("report.html"))).doesNotContain("\u001b");
    assertThat(Files.readString(out.resolve("summary.md"))).doesNotContain("\u001b");
  }

  private static final String WAIVERS =
      """
      waivers:
        - finding: REPL-SSL
          pair: lab
          justification: later
          approver: Ola
          expires: soon
      """;

  private static List<String> drill(Path config, Path d, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "drill",
                "--config",
                config.toString(),
                "--pair",
                "lab",
                "--yes",
                "--journal-dir",
                d.resolve("journals").toString()));
    if (!List.of(more).contains("--out")) {
      args.addAll(List.of("--out", d.resolve("out").toString()));
    }
    args.addAll(List.of(more));
    return args;
  }

  private static List<String> drill(Path d, String... more) {
    return drill(config(d, null), d, more);
  }

  /** A staging pair nobody listens for, with one more line in its drill section. */
  private static Path config(Path d, String drillLine) {
    return write(
        d,
        "art32.yaml",
        """
        version: 1
        pairs:
          - name: lab
            environment: staging
            primary: {host: 127.0.0.1, port: 1, user: art32, password: "${env:P}", tls: disabled}
            replica: {host: 127.0.0.1, port: 2, user: art32, password: "${env:P}", tls: disabled}
            drill:
              replication: {user: repl, password: "${env:P}"}
        """
            + (drillLine == null ? "" : "      " + drillLine + "\n"));
  }

  private static Path templates(Path d) {
    Path folder = d.resolve("templates");
    write(folder, "report.ftlh", "<#if run.runId>unclosed\n");
    return folder;
  }

  private static Path link(Path d, String name) {
    try {
      return Files.createSymbolicLink(d.resolve(name), d.resolve("nowhere"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Path write(Path d, String name, String text) {
    try {
      Files.createDirectories(d);
      return Files.writeString(d.resolve(name), text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
