package eu.art32.cli;

import eu.art32.sandbox.Sandbox;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * 20 pairs defined against the servers of one sandbox: `art32 run --parallel 8` against the same
 * pairs audited one after another (`--parallel 1`, and 20 separate `art32 audit --pair` runs). See
 * bench/README.md.
 */
public final class FleetBench {
  public static void main(String[] args) throws Exception {
    int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    Path dir = Files.createTempDirectory("art32-bench");
    Sandbox sandbox = new Sandbox(dir.resolve("sandbox"), Sandbox.defaultCache());
    System.out.println("bench: starting a sandbox pair in " + sandbox.dir());
    sandbox.up();
    try {
      Path config = fleet(sandbox, pairs);
      run("warm-up", "audit", "--config", config.toString(), "--pair", "pair-01", "--out", dir.resolve("warm").toString());
      double parallel = run("fleet", "run", "--config", config.toString(), "--parallel", "8", "--quiet", "--out", dir.resolve("p8").toString());
      double serial = run("fleet", "run", "--config", config.toString(), "--parallel", "1", "--quiet", "--out", dir.resolve("p1").toString());
      long start = System.nanoTime();
      for (int i = 1; i <= pairs; i++) {
        String name = String.format("pair-%02d", i);
        run(null, "audit", "--config", config.toString(), "--pair", name, "--quiet", "--out", dir.resolve("one-" + name).toString());
      }
      double separate = (System.nanoTime() - start) / 1e9;
      System.out.printf("fleet         art32 run --parallel 8, %d pairs, one report:            %7.2f s%n", pairs, parallel);
      System.out.printf("fleet         baseline: art32 run --parallel 1 (one after another):    %7.2f s  ratio %.2f x%n", serial, serial / parallel);
      System.out.printf("fleet         baseline: %d x art32 audit --pair, one after another:    %7.2f s  ratio %.2f x  (goal >= 8 x: %s)%n",
          pairs, separate, separate / parallel, separate / parallel >= 8 ? "met" : "NOT met");
      System.out.printf("fleet         bound: %d pairs in slots of 8 run in %d rounds, so --parallel 8 can at best be %.2f x --parallel 1%n",
          pairs, (pairs + 7) / 8, pairs / (double) ((pairs + 7) / 8));
    } finally {
      sandbox.down(false);
    }
  }

  /** The sandbox's pair, without mirror and backup (one of each per host), defined N times. */
  private static Path fleet(Sandbox sandbox, int pairs) throws Exception {
    String yaml = Files.readString(sandbox.configFile());
    String head = yaml.substring(0, yaml.indexOf("pairs:\n"));
    String pair = yaml.substring(yaml.indexOf("pairs:\n") + "pairs:\n".length());
    String bare =
        pair.replaceAll("(?m)^    mirror:\\n(^      .*\\n)+", "")
            .replaceAll("(?m)^    backup:\\n(^      .*\\n)+", "");
    StringBuilder out = new StringBuilder(head).append("pairs:\n");
    for (int i = 1; i <= pairs; i++) {
      out.append(bare.replace("name: sandbox", String.format("name: pair-%02d", i)));
    }
    Path file = sandbox.dir().resolve("fleet.yaml");
    Files.writeString(file, out.toString());
    return file;
  }

  private static double run(String label, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    long start = System.nanoTime();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (code > 1) {
      throw new IllegalStateException("art32 " + String.join(" ", args) + " exited " + code + ": " + err);
    }
    List<String> lines = new ArrayList<>(out.toString().lines().filter(l -> l.startsWith("pair ")).toList());
    if (label != null && label.equals("fleet")) {
      System.out.printf("fleet         %s: %d pair verdicts, exit %d%n", String.join(" ", args).replaceAll("--config \\S+ ", ""), lines.size(), code);
    }
    return seconds;
  }
}
