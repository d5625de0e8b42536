package eu.art32.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** One run of the real CLI through {@link Main#run}: exit code, stdout, stderr. */
public record CliRun(int exitCode, String out, String err) {
  public static CliRun of(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), env, args);
    return new CliRun(code, out.toString(), err.toString());
  }

  public static CliRun of(String... args) {
    return of(Map.of(), args);
  }
}
