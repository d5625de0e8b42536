package eu.art32.cli;

import eu.art32.sandbox.Sandbox;
import eu.art32.sandbox.SandboxNode;
import eu.art32.sandbox.SandboxState;
import eu.art32.server.ServerBinaries;
import eu.art32.server.ServerKind;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description = "A real primary and DR replica (MariaDB or MySQL) on 127.0.0.1 to try art32 on.",
    subcommands = {SandboxCommand.Up.class, SandboxCommand.Status.class, SandboxCommand.Down.class})
final class SandboxCommand {
  static final String DEFAULT_DIR = ".art32/sandbox";

  abstract static class DirOption {
    @Option(
        names = "--dir",
        paramLabel = "DIR",
        defaultValue = DEFAULT_DIR,
        description = "Sandbox directory (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(
        names = {"-v", "--verbose"},
        description = "Print stack traces with errors.")
    boolean verbose;

    Sandbox sandbox() {
      return new Sandbox(dir, ServerBinaries.defaultCache());
    }
  }

  /** --server NAME, with the names there are in the error. */
  static final class ServerConverter implements CommandLine.ITypeConverter<ServerKind> {
    @Override
    public ServerKind convert(String value) {
      try {
        return ServerKind.of(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  @Command(
      name = "up",
      mixinStandardHelpOptions = true,
      description = "Start the pair and write art32.yaml for it.")
  static final class Up extends DirOption implements Callable<Integer> {
    private final Context context;

    @Option(
        names = "--server",
        paramLabel = "SERVER",
        defaultValue = "mariadb-11.4",
        converter = ServerConverter.class,
        description =
            "Server to run: mariadb-11.4 (default), mariadb-10.11, mysql-5.7 or mysql-8.0.")
    ServerKind server;

    @Option(
        names = "--semisync",
        description =
            "Replicate semi-synchronously in both directions, lossless (AFTER_SYNC), 2 s timeout (MariaDB servers).")
    boolean semiSync;

    Up(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      Sandbox sandbox = new Sandbox(dir, ServerBinaries.defaultCache(), server, semiSync);
      SandboxState state = sandbox.up();
      context.out().println("sandbox up: " + state.origin());
      for (SandboxNode node : state.nodes()) {
        context
            .out()
            .printf(
                "  %s  127.0.0.1:%d  server_id=%d  %s%n",
                node.name(),
                node.port(),
                node.serverId(),
                node.replica()
                    ? (node.server().mysql() ? "replica (super_read_only)" : "replica (read_only)")
                    : "primary");
      }
      context.out().println("config: " + sandbox.configFile());
      context.out().println("next:   art32 audit --config " + sandbox.configFile());
      return 0;
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Show whether the sandbox servers run.")
  static final class Status extends DirOption implements Callable<Integer> {
    private final Context context;

    Status(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      SandboxState state = SandboxState.read(sandbox().dir());
      boolean allUp = true;
      for (SandboxNode node : state.nodes()) {
        var process = node.process();
        allUp &= process.isPresent();
        context
            .out()
            .printf(
                "%s  127.0.0.1:%d  %s%n",
                node.name(),
                node.port(),
                process.map(p -> "running (pid " + p.pid() + ")").orElse("stopped"));
      }
      context.out().println("config: " + state.configFile());
      return allUp ? 0 : 3;
    }
  }

  @Command(
      name = "down",
      mixinStandardHelpOptions = true,
      description = "Stop the servers and remove the sandbox directory.")
  static final class Down extends DirOption implements Callable<Integer> {
    private final Context context;

    @Option(names = "--keep", description = "Keep the data directory after stopping.")
    boolean keep;

    Down(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      List<String> stopped = sandbox().down(keep);
      context
          .out()
          .println(
              stopped.isEmpty()
                  ? "sandbox down: nothing was running"
                  : "sandbox down: stopped " + String.join(", ", stopped));
      return 0;
    }
  }
}
