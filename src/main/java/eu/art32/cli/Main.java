package eu.art32.cli;

import eu.art32.Art32Exception;
import eu.art32.ExitCode;
import eu.art32.config.ConfigException;
import eu.art32.config.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** The art32 command line. Only {@link #main} exits the JVM; tests call {@link #run}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // a name is resolved again at every connection, as by an application whose DNS record has a
    // short TTL: the JVM would otherwise keep it 30 s, and a drill through an endpoint whose name
    // is repointed would measure the JVM's cache instead of the failover
    if (Security.getProperty("networkaddress.cache.ttl") == null) {
      Security.setProperty("networkaddress.cache.ttl", "0");
    }
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    Context context = new Context(out, err, System.getenv(), stdoutIsTerminal());
    int code;
    try {
      code = run(context, args);
    } catch (OutOfMemoryError e) {
      // what held the memory is unreachable once unwound: a line, not a JVM's stack trace
      err.println(
          "error: out of memory (this JVM's heap is at most "
              + (Runtime.getRuntime().maxMemory() >> 20)
              + " MiB); give it more with ART32_JAVA_OPTS=-Xmx<size>");
      err.flush();
      code = ExitCode.ENVIRONMENT.code();
    }
    System.exit(code);
  }

  /** Whether file descriptor 1 is a terminal (Linux: /proc/self/fd/1 points at a tty device). */
  private static boolean stdoutIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(out, err, System.getenv(), args);
  }

  /** Runs the CLI with an explicit environment (what {@code ${env:VAR}} references read). */
  public static int run(PrintWriter out, PrintWriter err, Map<String, String> env, String... args) {
    return run(new Context(out, err, env, false), args);
  }

  private static int run(Context context, String... args) {
    PrintWriter out = context.out();
    PrintWriter err = context.err();
    CommandLine cli = new CommandLine(new Art32Command(), new ContextFactory(context));
    cli.getCommandSpec().usageMessage().footer(exitCodeFooter());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) ->
            report(e, context, parseResult.hasMatchedOption("--verbose")));
    cli.setParameterExceptionHandler(
        (e, args2) -> {
          err.println("error: " + Terminal.safe(e.getMessage()));
          err.println(
              "Try 'art32 "
                  + e.getCommandLine().getCommandSpec().qualifiedName().replaceFirst("^art32 ?", "")
                  + " --help'.".replace("  ", " "));
          return ExitCode.USAGE.code();
        });
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  private static String[] exitCodeFooter() {
    List<String> lines = new ArrayList<>(List.of("", "Exit codes:"));
    for (ExitCode code : ExitCode.values()) {
      lines.add(String.format("  %2d  %s", code.code(), code.meaning()));
    }
    return lines.toArray(String[]::new);
  }

  /** Says {@code e} on standard error, once, and gives its exit code (70 for an internal error). */
  static int report(Exception e, Context context, boolean verbose) {
    PrintWriter err = context.err();
    if (e instanceof ConfigException config) {
      for (Problem problem : config.problems()) {
        err.println("error: " + Terminal.safe(String.valueOf(problem)));
      }
      for (String other : config.others()) {
        err.println("error: " + Terminal.safe(other));
      }
      int count = config.problems().size() + config.others().size();
      err.println(count + (count == 1 ? " problem" : " problems") + "; nothing was run");
    } else if (e instanceof Art32Exception known) {
      err.println("error: " + Terminal.safe(known.getMessage()));
    } else {
      err.println("error: internal error: " + e);
    }
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return e instanceof Art32Exception known ? known.exitCode().code() : ExitCode.INTERNAL.code();
  }
}
