package eu.art32.cli;

import eu.art32.integrity.Signer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = "Write a new Ed25519 key pair for signing manifests (the private key mode 600).")
final class KeygenCommand implements Callable<Integer> {
  private final Context context;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = ".",
      description = "Where to write the keys (default: current directory).")
  Path out;

  KeygenCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Path[] keys = Signer.generate(out);
    context
        .out()
        .println(
            "private key: " + keys[0] + " (keep it secret; evidence.signingKey or --sign-key)");
    context
        .out()
        .println("public key:  " + keys[1] + " (give it to auditors: art32 verify --public-key)");
    return 0;
  }
}
