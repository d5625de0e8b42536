package eu.art32.cli;

import eu.art32.Art32Exception;
import eu.art32.EnvironmentException;
import eu.art32.UsageException;
import eu.art32.config.Art32Config;
import eu.art32.config.ConfigException;
import eu.art32.config.EvidenceConfig;
import eu.art32.evidence.Severity;
import eu.art32.integrity.Signer;
import eu.art32.report.Gate;
import eu.art32.report.Messages;
import eu.art32.report.OutputDirectory;
import eu.art32.report.OutputOptions;
import eu.art32.report.ReportRenderer;
import eu.art32.rules.Resources;
import eu.art32.waiver.Waiver;
import eu.art32.waiver.WaiverFile;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** Options of every command that writes reports: language, gate, history, signing. */
final class OutputMixin {
  @Option(
      names = "--lang",
      paramLabel = "LANG",
      defaultValue = "en",
      description = "Report language: en or nb (default: ${DEFAULT-VALUE}).")
  String lang;

  @Option(
      names = "--fail-on",
      paramLabel = "SEVERITY",
      defaultValue = "low",
      description =
          "Lowest severity of a FAIL finding that fails the gate (exit 1): critical, high, medium, low (default: ${DEFAULT-VALUE}).")
  String failOn;

  @Option(
      names = "--history",
      paramLabel = "DIR",
      description =
          "Keep this run in DIR, chained to the runs before it (default: evidence.history in the config).")
  Path history;

  @Option(
      names = "--sign-key",
      paramLabel = "KEY",
      description =
          "Sign the manifest with this Ed25519 private key (PEM); KEY.pub or --sign-pub is its public key.")
  Path signKey;

  @Option(
      names = "--deep",
      description = "Compare the file mirror by content (SHA-256) instead of size and mtime.")
  boolean deep;

  @Option(names = "--sign-pub", paramLabel = "PUB", description = "The public key of --sign-key.")
  Path signPub;

  @Option(
      names = "--waivers",
      paramLabel = "FILE",
      description =
          "YAML file of waivers (finding, pair or *, justification, approver, expires): a FAIL or WARN they cover is reported WAIVED and does not fail the gate.")
  Path waivers;

  @Option(names = "--quiet", description = "No progress lines; only the summary and errors.")
  boolean quiet;

  @Option(
      names = "--timestamp-authority",
      paramLabel = "URL",
      description =
          "RFC 3161 time-stamping authority that timestamps the manifest (default: evidence.timestampAuthority).")
  URI timestampAuthority;

  @Option(
      names = "--json",
      description = "Progress and the result as JSON lines on standard output (one event a line).")
  boolean json;

  /** Set by a fleet run: each pair's evidence is written beside the run's, with it. */
  boolean pairFiles;

  List<Waiver> waivers() {
    return waivers == null ? List.of() : WaiverFile.load(waivers);
  }

  Terminal terminal(Context context) {
    return new Terminal(context, quiet, json);
  }

  Gate gate() {
    try {
      return new Gate(Severity.valueOf(failOn.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "--fail-on: expected critical, high, medium or low, found '" + failOn + "'");
    }
  }

  /**
   * Everything the run will write or read besides the servers, checked before any server is
   * touched, every problem at once (exit 2): the language and the gate, the output directory and
   * the history (written into and cleaned), the signing keys (read, and the pair checked to sign
   * and verify), the waivers file, and the templates of --templates (parsed). A drill must not kill
   * a primary and then find it cannot write, sign or render the evidence of it.
   */
  void check(Path out, Art32Config config, Supplier<Resources> templates) {
    List<String> problems = problems(out, config, templates);
    if (problems.size() == 1) {
      throw new UsageException(problems.get(0) + "; nothing was run");
    }
    if (!problems.isEmpty()) {
      throw new UsageException(
          String.join("\nerror: ", problems)
              + "\n"
              + problems.size()
              + " problems; nothing was run");
    }
  }

  /**
   * The config {@code load} gives; when it has problems, those of the options and outputs are found
   * in the same round and said with them (the output settings the config would give are not known
   * then, so only the command line's are checked), so that one attempt shows every mistake.
   */
  Art32Config load(Supplier<Art32Config> load, Path out, Supplier<Resources> templates) {
    try {
      return load.get();
    } catch (ConfigException e) {
      throw e.alongside(problems(out, null, templates));
    }
  }

  private List<String> problems(Path out, Art32Config config, Supplier<Resources> templates) {
    List<String> problems = new ArrayList<>();
    attempt(problems, () -> new Messages(lang));
    attempt(problems, this::gate);
    attempt(problems, () -> OutputDirectory.check(out));
    OutputOptions[] options = new OutputOptions[1];
    attempt(problems, () -> options[0] = options(config));
    if (options[0] != null && options[0].historyDir() != null) {
      attempt(problems, () -> OutputDirectory.check("--history", options[0].historyDir()));
    }
    if (options[0] != null && options[0].privateKey() != null) {
      Path key = options[0].privateKey();
      Path pub = options[0].publicKey();
      attempt(
          problems,
          () -> {
            try {
              Signer.load(key, pub);
            } catch (EnvironmentException e) {
              throw new UsageException(
                  (signKey != null ? "--sign-key " : "evidence.signingKey ")
                      + key
                      + ": "
                      + Art32Exception.firstLine(e.getMessage()));
            }
          });
    }
    attempt(problems, this::waivers);
    attempt(problems, () -> ReportRenderer.checkTemplates(templates.get()));
    return problems;
  }

  private static void attempt(List<String> problems, Runnable check) {
    try {
      check.run();
    } catch (ConfigException e) {
      e.problems().forEach(p -> problems.add(p.toString()));
    } catch (Art32Exception e) {
      problems.add(e.getMessage());
    }
  }

  OutputOptions options(Art32Config config) {
    EvidenceConfig evidence = config == null ? null : config.evidence();
    Path historyDir = history != null ? history : evidence == null ? null : evidence.history();
    Path key = signKey;
    Path pub = signPub;
    if (key != null && pub == null) {
      pub = Path.of(key + ".pub");
      if (key.toString().endsWith(".key")) {
        pub = Path.of(key.toString().replaceAll("\\.key$", ".pub"));
      }
    }
    if (key == null && evidence != null) {
      key = evidence.signingKey();
      pub = evidence.signingPublicKey();
    }
    new Messages(lang);
    URI tsa = timestampAuthority;
    if (tsa == null && evidence != null) {
      tsa = evidence.timestampAuthority();
    }
    if (tsa != null && !"http".equals(tsa.getScheme()) && !"https".equals(tsa.getScheme())) {
      throw new UsageException(
          "--timestamp-authority: expected the http(s) URL of an RFC 3161 time-stamping"
              + " authority, found '"
              + tsa
              + "'");
    }
    return new OutputOptions(lang, gate(), historyDir, key, pub, tsa, pairFiles);
  }
}
