package eu.art32.cli;

import eu.art32.audit.AuditResult;
import eu.art32.config.Art32Config;
import eu.art32.config.ConfigLoader;
import eu.art32.config.PairConfig;
import eu.art32.drill.Drill;
import eu.art32.drill.DrillOutcome;
import eu.art32.rules.RuleBook;
import eu.art32.sandbox.Sandbox;
import eu.art32.server.ServerBinaries;
import eu.art32.server.ServerKind;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Start a sandbox pair, run a failover drill on it, audit it, write the reports, stop the pair.")
final class DemoCommand implements Callable<Integer> {
  private final Context context;

  @Mixin CommonOptions common;

  @Mixin OutputMixin output;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "art32-demo",
      description = "Directory for evidence and reports (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      defaultValue = ".art32/demo-sandbox",
      description = "Where the demo's sandbox lives while it runs (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(
      names = "--server",
      paramLabel = "SERVER",
      defaultValue = "mariadb-11.4",
      converter = SandboxCommand.ServerConverter.class,
      description = "Server to run: mariadb-11.4 (default), mariadb-10.11, mysql-5.7 or mysql-8.0.")
  ServerKind server;

  @Option(
      names = "--semisync",
      description =
          "Run the demo's pair semi-synchronously (MariaDB servers): lossless, 2 s timeout.")
  boolean semiSync;

  DemoCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    RuleBook book = common.ruleBook();
    output.check(out, null, common::templateResources);
    Sandbox sandbox = new Sandbox(dir, ServerBinaries.defaultCache(), server, semiSync);
    context.out().println("starting a " + server.label() + " primary and replica on 127.0.0.1 ...");
    sandbox.up();
    try {
      Art32Config config =
          new ConfigLoader(context.env(), book.defaults()).load(sandbox.configFile());
      PairConfig pair = config.select("sandbox").get(0);
      context
          .out()
          .println("failover drill on pair 'sandbox' (fault: kill, failback: restore) ...");
      DrillOutcome drill =
          new Drill(Clock.systemUTC(), context.out(), sandbox.dir().resolve("drills"))
              .run(pair, book, config.file().toString());
      context.out().println("auditing pair 'sandbox' ...");
      AuditResult result =
          AuditCommand.audit(
              config,
              book,
              common,
              output,
              AuditCommand.Selection.one(null),
              out,
              "art32 demo",
              Map.of("sandbox", drill));
      DrillSummary.print(context.out(), drill);
      Summary.print(context, output.terminal(context), result, result.exitCode().code());
      if (drill.instructions() != null) {
        context.err().println(drill.instructions());
        return drill.exitCode().code();
      }
      return result.exitCode().code();
    } finally {
      sandbox.down(false);
      context.out().println("sandbox stopped and removed");
    }
  }
}
