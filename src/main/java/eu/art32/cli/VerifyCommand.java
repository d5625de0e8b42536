package eu.art32.cli;

import eu.art32.UsageException;
import eu.art32.integrity.Timestamps;
import eu.art32.integrity.Verifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description =
        "Check a run directory or a history: every file against manifest.json, signatures, the PDF's attached evidence and printed digest, later renders, files no manifest lists, and the chain of runs up to its head. Prints what it proved; exit 1 names the run and file that fail.")
final class VerifyCommand implements Callable<Integer> {
  private final Context context;

  @Parameters(paramLabel = "DIR", description = "A run's output directory or a history directory.")
  Path dir;

  @Option(
      names = "--public-key",
      paramLabel = "PUB",
      description = "Require every manifest to be signed with this Ed25519 public key (PEM).")
  Path publicKey;

  @Option(
      names = "--head",
      paramLabel = "HASH",
      description =
          "Require the newest run's manifest to have this SHA-256 (the head an auditor was given; at least 12 hex digits).")
  String head;

  @Option(
      names = "--tsa-cert",
      paramLabel = "PEM",
      description =
          "Require every timestamp to be signed by this time-stamping authority's certificate.")
  Path tsaCert;

  @Option(
      names = "--strict",
      description = "Fail on warnings too: unsigned runs and files no manifest lists.")
  boolean strict;

  VerifyCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (head != null && !head.matches("[0-9a-fA-F]{12,64}")) {
      throw new UsageException(
          "--head: expected 12 to 64 hex digits of a manifest's SHA-256, found '" + head + "'");
    }
    if (!Files.isDirectory(dir)) {
      throw new UsageException(
          dir
              + (Files.exists(dir)
                  ? " is not a directory: give a run directory or a history"
                  : " does not exist: give a run directory or a history"));
    }
    Verifier.Report report =
        new Verifier(
                publicKey == null ? null : Verifier.readPublicKey(publicKey),
                head,
                strict,
                tsaCert == null ? null : Timestamps.certificate(tsaCert))
            .verify(dir);
    report.account().forEach(context.out()::println);
    for (String warning : report.warnings()) {
      context.err().println("warning: " + warning);
    }
    for (String problem : report.problems()) {
      context.err().println("error: " + problem);
    }
    if (report.ok()) {
      context
          .out()
          .println(
              "verified: "
                  + report.checked().size()
                  + " checks passed in "
                  + dir
                  + (report.warnings().isEmpty()
                      ? ""
                      : ", " + report.warnings().size() + " warning(s) (--strict fails on them)"));
      return 0;
    }
    context
        .err()
        .println(
            report.problems().size()
                + " problem(s); "
                + report.checked().size()
                + " checks passed");
    return 1;
  }
}
