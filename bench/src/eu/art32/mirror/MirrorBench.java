package eu.art32.mirror;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * `--deep` verification of a generated tree (default 100,000 files, about 2 GB; `bench/run mirror
 * FILES`) and its mirror, against `rsync -rcn --delete` over the same trees, and the raw hash
 * throughput against `sha256sum` over the same bytes.
 */
public final class MirrorBench {
  public static void main(String[] args) throws Exception {
    int files = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Path dir = Files.createTempDirectory("art32-mirror-bench");
    Path source = dir.resolve("source");
    Path target = dir.resolve("target");
    long bytes = generate(source, files);
    run(List.of("cp", "-a", source.toString(), target.toString()));
    run(List.of("sync"));
    System.out.printf("mirror   tree: %,d files, %,d bytes in %s%n", files, bytes, dir);
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    long c0 = System.nanoTime();
    new TreeComparison(List.of(), true, Runtime.getRuntime().availableProcessors()).compare(source, target);
    double cold = (System.nanoTime() - c0) / 1e9;
    long t0 = System.nanoTime();
    TreeComparison.Result r = new TreeComparison(List.of(), true, Runtime.getRuntime().availableProcessors()).compare(source, target);
    double deep = (System.nanoTime() - t0) / 1e9;
    System.out.printf("mirror   art32 --deep, first run in a fresh JVM: %.2f s%n", cold);
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    long t1 = System.nanoTime();
    run(List.of("rsync", "-rcn", "--delete", source + "/", target + "/"));
    double rsync = (System.nanoTime() - t1) / 1e9;
    long t2 = System.nanoTime();
    run(List.of("sh", "-c", "find '" + source + "' -type f -print0 | xargs -0 -P " + Runtime.getRuntime().availableProcessors() + " -n 500 sha256sum > /dev/null"));
    double sha = (System.nanoTime() - t2) / 1e9;
    System.out.printf("mirror   art32 --deep, second run: %.2f s (%d files, in sync: %s), peak heap %.0f MiB%n", deep, r.filesCompared(), r.inSync(), peak / 1048576.0);
    System.out.printf("mirror   rsync -rcn --delete: %.2f s  -> art32 takes %.2f x rsync's speed (goal >= 3 x: %s)%n", rsync, rsync / deep, rsync / deep >= 3 ? "met" : "NOT met");
    System.out.printf("mirror   content throughput: art32 byte comparison %.0f MB/s over both trees; sha256sum (parallel, one tree) %.0f MB/s%n", 2 * bytes / 1e6 / deep, bytes / 1e6 / sha);
    run(List.of("rm", "-rf", dir.toString()));
  }

  private static long generate(Path root, int files) throws IOException {
    Random random = new Random(42);
    byte[] block = new byte[40_000];
    random.nextBytes(block);
    long total = 0;
    for (int i = 0; i < files; i++) {
      Path dir = root.resolve("d" + (i / 1000)).resolve("e" + (i / 100 % 10));
      if (i % 100 == 0) {
        Files.createDirectories(dir);
      }
      int size = 1 + random.nextInt(40_000);
      block[i % block.length] ^= (byte) i;
      Files.write(dir.resolve("f" + i + ".bin"), java.util.Arrays.copyOf(block, size));
      total += size;
    }
    return total;
  }

  private static void run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed");
    }
  }
}
