package eu.art32.cli;

import eu.art32.Version;
import eu.art32.rules.Resources;
import eu.art32.rules.RuleBook;
import picocli.AutoComplete;
import picocli.CommandLine;
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
      RunCommand.class,
      GateCommand.class,
      DrillCommand.class,
      RecoverCommand.class,
      ProbeCommand.class,
      ReportCommand.class,
      VerifyCommand.class,
      KeygenCommand.class,
      DemoCommand.class,
      SandboxCommand.class,
      ConfigCommand.class,
      HistoryCommand.class,
      AutoComplete.GenerateCompletion.class,
    })
public final class Art32Command implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String rules;
      try {
        rules = RuleBook.load(new Resources("rules", null)).version();
      } catch (RuntimeException e) {
        rules = "unreadable (" + e.getMessage() + ")";
      }
      return new String[] {"art32 " + Version.tool(), "rules " + rules + " (packaged rules/)"};
    }
  }
}
