package eu.art32.drill;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import eu.art32.Art32Exception;
import eu.art32.EnvironmentException;
import eu.art32.Shell;
import eu.art32.evidence.Catalogue;
import eu.art32.evidence.Text;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A fault injected into the primary, and how to undo it so the old primary can be reached again.
 * Each kind is a record holding what it acted on, so the journal can store it and {@code art32
 * recover} can heal it after art32 itself died.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Fault.Kill.class, name = "kill"),
  @JsonSubTypes.Type(value = Fault.Stop.class, name = "stop"),
  @JsonSubTypes.Type(value = Fault.Freeze.class, name = "freeze"),
  @JsonSubTypes.Type(value = Fault.Partition.class, name = "partition"),
  @JsonSubTypes.Type(value = Fault.Command.class, name = "command")
})
sealed interface Fault {
  /** What the fault does, in words and with the exact command, for the plan and the evidence. */
  Text described();

  /** {@link #described()} in English, for the console and the plan. */
  default String describe() {
    return Catalogue.english().say(described());
  }

  /** Injects the fault. {@code primary} is only used by faults that act through SQL. */
  void inject(DrillNode primary);

  /**
   * Makes the old primary reachable again: restarts it (fenced) when it is gone, resumes it, or
   * unblocks its port. Safe to call more than once and after a crash of art32.
   */
  void heal(Duration timeout);

  /** SIGKILL of the server process. */
  record Kill(LocalServer server, List<String> fence) implements Fault {
    @Override
    public Text described() {
      return Text.of("drill.fault.kill", Long.toString(server.pid()));
    }

    @Override
    public void inject(DrillNode primary) {
      server.kill();
    }

    @Override
    public void heal(Duration timeout) {
      restartIfGone(server, fence, timeout);
    }
  }

  /**
   * A clean shutdown through SQL, {@code statement} the dialect's (MariaDB waits until every
   * replica has received the binlog).
   */
  record Stop(LocalServer server, List<String> fence, String statement, String recoverCommand)
      implements Fault {
    @Override
    public Text described() {
      return server == null
          ? Text.of("drill.fault.stop", statement)
          : Text.of("drill.fault.stop.process", statement, Long.toString(server.pid()));
    }

    @Override
    public void inject(DrillNode primary) {
      try {
        primary.execute(statement);
      } catch (EnvironmentException e) {
        // the server closes the connection as it shuts down; a real failure shows below
      }
      if (server != null && !server.awaitExit(Duration.ofSeconds(60))) {
        throw new EnvironmentException(
            "the primary did not shut down within 60 s (pid " + server.pid() + ")");
      }
    }

    @Override
    public void heal(Duration timeout) {
      if (server != null) {
        restartIfGone(server, fence, timeout);
      } else if (recoverCommand != null) {
        runRecoverCommand(recoverCommand, timeout);
      }
    }
  }

  /** SIGSTOP: the process hangs but keeps its port; SIGCONT heals it. */
  record Freeze(LocalServer server) implements Fault {
    @Override
    public Text described() {
      return Text.of("drill.fault.freeze", Long.toString(server.pid()));
    }

    @Override
    public void inject(DrillNode primary) {
      server.signal("STOP");
    }

    @Override
    public void heal(Duration timeout) {
      if (server.alive()) {
        server.signal("CONT");
      }
    }
  }

  /** The primary's port blocked with iptables in both directions; the rules are removed to heal. */
  record Partition(int port, String tag) implements Fault {
    List<List<String>> rules() {
      String p = Integer.toString(port);
      return List.of(
          List.of(
              "INPUT", "-p", "tcp", "--dport", p, "-m", "comment", "--comment", tag, "-j", "DROP"),
          List.of(
              "OUTPUT",
              "-p",
              "tcp",
              "--sport",
              p,
              "-m",
              "comment",
              "--comment",
              tag,
              "-j",
              "DROP"));
    }

    @Override
    public Text described() {
      return Text.of(
          Text.CONCAT,
          String.join(
              "; ", rules().stream().map(r -> "iptables -I " + String.join(" ", r)).toList()));
    }

    @Override
    public void inject(DrillNode primary) {
      for (List<String> rule : rules()) {
        iptables("-I", rule);
      }
    }

    @Override
    public void heal(Duration timeout) {
      for (List<String> rule : rules()) {
        while (iptablesQuiet("-C", rule)) {
          iptables("-D", rule);
        }
      }
    }

    private static void iptables(String action, List<String> rule) {
      Shell.Result result = Shell.run(argv(action, rule), Duration.ofSeconds(10), Map.of());
      if (!result.succeeded()) {
        throw new EnvironmentException(
            String.join(" ", argv(action, rule)) + " failed: " + result.output());
      }
    }

    private static boolean iptablesQuiet(String action, List<String> rule) {
      return Shell.run(argv(action, rule), Duration.ofSeconds(10), Map.of()).succeeded();
    }

    private static List<String> argv(String action, List<String> rule) {
      List<String> argv = new ArrayList<>(List.of("iptables", "-w", action));
      argv.addAll(rule);
      return argv;
    }
  }

  /** The user's own command, e.g. {@code ssh db1 systemctl kill -s KILL mariadb}. */
  record Command(String command, String recoverCommand) implements Fault {
    @Override
    public Text described() {
      return recoverCommand == null
          ? Text.of("drill.fault.command", command)
          : Text.of("drill.fault.command.recover", command, recoverCommand);
    }

    @Override
    public void inject(DrillNode primary) {
      Shell.Result result = Shell.run(command, Duration.ofSeconds(60), Map.of());
      if (!result.succeeded()) {
        throw new EnvironmentException(
            "fault command failed (exit "
                + result.exitCode()
                + (result.timedOut() ? ", timed out" : "")
                + "): "
                + Art32Exception.firstLine(result.output()));
      }
    }

    @Override
    public void heal(Duration timeout) {
      if (recoverCommand != null) {
        runRecoverCommand(recoverCommand, timeout);
      }
    }
  }

  /**
   * Starts the server again once the killed process is gone, unless something already listens on
   * its port (a second run of heal, or a restart by someone else).
   */
  private static void restartIfGone(LocalServer server, List<String> fence, Duration timeout) {
    if (server.alive() && !server.awaitExit(Duration.ofSeconds(10))) {
      return;
    }
    if (!server.listening()) {
      server.restart(fence);
    }
  }

  private static void runRecoverCommand(String command, Duration timeout) {
    Shell.Result result = Shell.run(command, timeout, Map.of());
    if (!result.succeeded()) {
      throw new EnvironmentException(
          "recover command failed (exit "
              + result.exitCode()
              + "): "
              + Art32Exception.firstLine(result.output()));
    }
  }
}
