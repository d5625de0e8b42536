package eu.art32.cli;

import eu.art32.Version;
import picocli.CommandLine.Command;

/** The top-level {@code art32} command. */
@Command(
    name = "art32",
    mixinStandardHelpOptions = true,
    versionProvider = Art32Command.VersionProvider.class,
    description =
        "Turns disaster-recovery claims for MySQL/MariaDB pairs into GDPR Article 32 evidence.",
    subcommands = {
      AuditCommand.class,
      DrillCommand.class,
      RecoverCommand.class,
      ProbeCommand.class,
      ReportCommand.class,
      VerifyCommand.class,
      KeygenCommand.class,
      DemoCommand.class,
      SandboxCommand.class,
      ConfigCommand.class,
    })
public final class Art32Command implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class VersionProvider implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"art32 " + Version.tool()};
    }
  }
}
