package eu.art32.cli;

import eu.art32.config.Art32Config;
import eu.art32.config.ConfigDigest;
import eu.art32.config.ConfigPrinter;
import eu.art32.config.ConfigSchema;
import eu.art32.rules.RuleBook;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Check a configuration file or print its JSON Schema.",
    subcommands = {ConfigCommand.Check.class, ConfigCommand.Schema.class})
final class ConfigCommand {
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description =
          "Validate the config (no server is contacted) and print it resolved, secrets redacted.")
  static final class Check implements Callable<Integer> {
    private final Context context;

    @Mixin CommonOptions common;

    Check(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      RuleBook book = common.ruleBook();
      Art32Config config = common.loadConfig(context, book);
      context.out().print(ConfigPrinter.print(config));
      context
          .out()
          .println(
              "# ok: "
                  + config.pairs().size()
                  + (config.pairs().size() == 1 ? " pair" : " pairs")
                  + "; config digest "
                  + ConfigDigest.of(config)
                  + " (the configDigest of evidence from this config)");
      return 0;
    }
  }

  @Command(
      name = "schema",
      mixinStandardHelpOptions = true,
      description = "Print the JSON Schema of art32.yaml.")
  static final class Schema implements Callable<Integer> {
    private final Context context;

    Schema(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      context.out().print(ConfigSchema.text());
      return 0;
    }
  }
}
