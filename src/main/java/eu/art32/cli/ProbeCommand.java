package eu.art32.cli;

import eu.art32.UsageException;
import eu.art32.config.ConfigException;
import eu.art32.config.NodeConfig;
import eu.art32.config.OptionFile;
import eu.art32.config.Secret;
import eu.art32.config.Site;
import eu.art32.config.TlsMode;
import eu.art32.latency.ProbeResult;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "probe",
    mixinStandardHelpOptions = true,
    description =
        "Measure round trips from this host to HOST:PORT and print them as JSON. Run it on the primary's host (latency.probeCommand) so the audit gets primary-to-DR figures.")
final class ProbeCommand implements Callable<Integer> {
  private final Context context;

  @Option(
      names = "--target",
      required = true,
      paramLabel = "HOST:PORT",
      description = "The DR node.")
  String target;

  @Option(
      names = "--samples",
      defaultValue = "50",
      description = "Samples per level (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(
      names = "--warmup",
      defaultValue = "5",
      description = "Samples taken first and dropped (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--option-file",
      paramLabel = "FILE",
      description =
          "MySQL option file with a [client] user and password: adds SQL round trips (SELECT 1).")
  Path optionFile;

  @Option(
      names = "--tls",
      defaultValue = "preferred",
      description =
          "TLS for the SQL samples: disabled, preferred, required (default: ${DEFAULT-VALUE}).")
  String tls;

  ProbeCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    int colon = target.lastIndexOf(':');
    if (colon <= 0 || !target.substring(colon + 1).matches("\\d{1,5}")) {
      throw new UsageException("--target: expected HOST:PORT, found '" + target + "'");
    }
    if (samples < 1 || warmup < 0) {
      throw new UsageException("--samples must be at least 1 and --warmup at least 0");
    }
    String host = target.substring(0, colon).replaceAll("^\\[|]$", "");
    int port = Integer.parseInt(target.substring(colon + 1));
    NodeConfig sql = null;
    if (optionFile != null) {
      Map<String, String> options;
      try {
        options = OptionFile.clientOptions(optionFile);
      } catch (ConfigException e) {
        throw new UsageException("--option-file: " + e.problems().get(0));
      }
      if (options.get("user") == null || options.get("password") == null) {
        throw new UsageException(
            "--option-file " + optionFile + ": needs user and password in [client]");
      }
      TlsMode mode =
          switch (tls) {
            case "disabled" -> TlsMode.DISABLED;
            case "required" -> TlsMode.REQUIRED;
            case "preferred" -> TlsMode.PREFERRED;
            default ->
                throw new UsageException(
                    "--tls: expected disabled, preferred or required, found '" + tls + "'");
          };
      sql =
          new NodeConfig(
              host,
              port,
              options.get("user"),
              new Secret(options.get("password"), "option file " + optionFile),
              mode,
              null,
              Site.UNDECLARED);
    }
    context.out().println(ProbeResult.probe(host, port, samples, warmup, sql).toJson());
    return 0;
  }
}
