package eu.art32.cli;

import eu.art32.server.ServerBinaries;
import eu.art32.sandbox.Sandbox;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * 20 pairs defined against the servers of four sandboxes (five pairs on each): `art32 run
 * --parallel 8` against the same pairs audited one after another (`--parallel 1`, and 20 separate
 * `art32 audit --pair` runs). See bench/README.md.
 */
public final class FleetBench {
  public static void main(String[] args) throws Exception {
    int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int sandboxes = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    Path dir = Files.createTempDirectory("art32-bench");
    List<Sandbox> started = new ArrayList<>();
    try {
      for (int i = 1; i <= sandboxes; i++) {
        Sandbox sandbox = new Sandbox(dir.resolve("sandbox" + i), ServerBinaries.defaultCache());
        System.out.println("bench: starting a sandbox pair in " + sandbox.dir());
        started.add(sandbox);
        sandbox.up();
      }
      Path config = fleet(started, pairs, dir);
      run("warm-up", "audit", "--config", config.toString(), "--pair", "pair-01", "--quiet", "--out", dir.resolve("warm").toString());
      double cold = run(null, "run", "--config", config.toString(), "--parallel", "8", "--quiet", "--out", dir.resolve("p8").toString());
      System.out.printf("fleet         first fleet run in this JVM (JIT still warming the fleet report): %.2f s, not counted%n", cold);
      List<Double> p8 = new ArrayList<>();
      List<Double> p1 = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        p8.add(run(i == 0 ? "fleet" : null, "run", "--config", config.toString(), "--parallel", "8", "--quiet", "--out", dir.resolve("p8").toString()));
        p1.add(run(i == 0 ? "fleet" : null, "run", "--config", config.toString(), "--parallel", "1", "--quiet", "--out", dir.resolve("p1").toString()));
      }
      java.util.Collections.sort(p8);
      java.util.Collections.sort(p1);
      System.out.printf("fleet         --parallel 8 runs: %s s; --parallel 1 runs: %s s (alternating)%n", p8, p1);
      double parallel = p8.get(1);
      double serial = p1.get(1);
      long start = System.nanoTime();
      for (int i = 1; i <= pairs; i++) {
        String name = String.format("pair-%02d", i);
        run(null, "audit", "--config", config.toString(), "--pair", name, "--quiet", "--out", dir.resolve("one-" + name).toString());
      }
      double separate = (System.nanoTime() - start) / 1e9;
      System.out.printf("fleet         art32 run --parallel 8, %d pairs on %d sandboxes, one report (median of 3): %7.2f s%n", pairs, sandboxes, parallel);
      System.out.printf("fleet         baseline: art32 run --parallel 1 (active work one pair at a time): %7.2f s  ratio %.2f x%n", serial, serial / parallel);
      System.out.printf("fleet         baseline: %d x art32 audit --pair, one after another:       %7.2f s  ratio %.2f x  (goal >= 8 x: %s)%n",
          pairs, separate, separate / parallel, separate / parallel >= 8 ? "met" : "NOT met");
    } finally {
      for (Sandbox sandbox : started) {
        sandbox.down(false);
      }
    }
  }

  /**
   * Each sandbox's pair, without mirror and backup (one of each per sandbox), defined round-robin
   * until there are N pairs; paths made absolute so one config serves every sandbox.
   */
  private static Path fleet(List<Sandbox> sandboxes, int pairs, Path dir) throws Exception {
    String head = null;
    List<String> bare = new ArrayList<>();
    for (Sandbox sandbox : sandboxes) {
      String yaml = Files.readString(sandbox.configFile());
      String base = sandbox.dir().toString() + "/";
      String abs =
          yaml.replace("optionFile: ", "optionFile: " + base)
              .replace("ca: tls/", "ca: " + base + "tls/")
              .replace("database: geoip/", "database: " + base + "geoip/");
      if (head == null) {
        head = abs.substring(0, abs.indexOf("pairs:\n"));
      }
      String pair = abs.substring(abs.indexOf("pairs:\n") + "pairs:\n".length());
      bare.add(
          pair.replaceAll("(?m)^    mirror:\\n(^      .*\\n)+", "")
              .replaceAll("(?m)^    backup:\\n(^      .*\\n)+", ""));
    }
    StringBuilder out = new StringBuilder(head).append("pairs:\n");
    for (int i = 1; i <= pairs; i++) {
      out.append(
          bare.get((i - 1) % bare.size())
              .replace("name: sandbox", String.format("name: pair-%02d", i)));
    }
    Path file = dir.resolve("fleet.yaml");
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
