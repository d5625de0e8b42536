package eu.art32.mirror;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Compares a source tree with its mirror: files missing on the mirror, extra there, and different.
 * Both trees are walked together one directory at a time in name order (memory bounded by depth,
 * not by the number of files). Fast mode compares size and mtime; deep mode compares the contents
 * byte for byte (1 MiB blocks, vectorised mismatch) in a pool of threads fed through a bounded
 * queue, and gives the SHA-256 of files that differ. Symlinks are compared as links; files that
 * change or vanish during the scan are counted, never fatal.
 */
public final class TreeComparison {
  /** What differs. Samples are capped; counts and bytes are complete. */
  public record Result(
      long filesCompared,
      long bytesCompared,
      long missing,
      long extra,
      long different,
      long changedDuringScan,
      long missingBytes,
      String oldestUnsyncedChange,
      List<String> samples) {
    public boolean inSync() {
      return missing == 0 && extra == 0 && different == 0;
    }
  }

  static final int SAMPLES = 20;

  private final Excludes excludes;
  private final boolean deep;
  private final int threads;
  private final long scanStart = System.currentTimeMillis();
  private final AtomicLong files = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong missing = new AtomicLong();
  private final AtomicLong extra = new AtomicLong();
  private final AtomicLong different = new AtomicLong();
  private final AtomicLong changing = new AtomicLong();
  private final AtomicLong missingBytes = new AtomicLong();
  private final AtomicLong oldest = new AtomicLong(Long.MAX_VALUE);
  private final List<String> samples = Collections.synchronizedList(new ArrayList<>());

  public TreeComparison(List<String> excludes, boolean deep, int threads) {
    this.excludes = new Excludes(excludes);
    this.deep = deep;
    this.threads = Math.max(1, threads);
  }

  public Result compare(Path source, Path target) {
    BlockingQueue<Path[]> work = new ArrayBlockingQueue<>(1024);
    Path[] poison = new Path[0];
    List<Thread> hashers = new ArrayList<>();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    if (deep) {
      for (int i = 0; i < threads; i++) {
        hashers.add(Thread.ofPlatform().daemon().start(() -> hashLoop(work, poison, source)));
      }
    }
    try {
      walk(source, target, "", work);
    } catch (RuntimeException e) {
      failure.set(e);
    } finally {
      for (int i = 0; i < hashers.size(); i++) {
        put(work, poison);
      }
      for (Thread t : hashers) {
        try {
          t.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    List<String> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    return new Result(
        files.get(),
        bytes.get(),
        missing.get(),
        extra.get(),
        different.get(),
        changing.get(),
        missingBytes.get(),
        oldest.get() == Long.MAX_VALUE ? null : Instant.ofEpochMilli(oldest.get()).toString(),
        sorted.subList(0, Math.min(SAMPLES, sorted.size())));
  }

  /** Files changed on the source since a moment, and which of them the mirror lacks. */
  public record Recent(long changed, long missingOnMirror, List<String> samples) {}

  /**
   * Files under {@code source} modified at or after {@code sinceMillis} that the mirror does not
   * hold with the same size and mtime: what a failover at that moment would lose of the files.
   */
  public Recent recent(Path source, Path target, long sinceMillis) {
    long[] counts = new long[2];
    List<String> lost = new ArrayList<>();
    try (var stream = Files.walk(source)) {
      stream
          .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .forEach(
              p -> {
                String rel = source.relativize(p).toString();
                if (excludes.excluded(rel, false) || underExcludedDir(rel)) {
                  return;
                }
                try {
                  BasicFileAttributes a =
                      Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                  if (a.lastModifiedTime().toMillis() < sinceMillis) {
                    return;
                  }
                  counts[0]++;
                  Path copy = target.resolve(rel);
                  if (!Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS)
                      || Files.size(copy) != a.size()
                      || !Files.getLastModifiedTime(copy).equals(a.lastModifiedTime())) {
                    counts[1]++;
                    if (lost.size() < SAMPLES) {
                      lost.add(rel);
                    }
                  }
                } catch (IOException e) {
                  changing.incrementAndGet();
                }
              });
    } catch (IOException | UncheckedIOException e) {
      changing.incrementAndGet();
    }
    Collections.sort(lost);
    return new Recent(counts[0], counts[1], lost);
  }

  private boolean underExcludedDir(String rel) {
    String[] parts = rel.split("/");
    StringBuilder prefix = new StringBuilder();
    for (int i = 0; i < parts.length - 1; i++) {
      prefix.append(i == 0 ? "" : "/").append(parts[i]);
      if (excludes.excluded(prefix.toString(), true)) {
        return true;
      }
    }
    return false;
  }

  private void walk(Path source, Path target, String rel, BlockingQueue<Path[]> work) {
    String[] a = names(source.resolve(rel));
    String[] b = names(target.resolve(rel));
    int i = 0;
    int j = 0;
    while (i < a.length || j < b.length) {
      int cmp = i >= a.length ? 1 : j >= b.length ? -1 : a[i].compareTo(b[j]);
      String name = cmp <= 0 ? a[i] : b[j];
      String child = rel.isEmpty() ? name : rel + "/" + name;
      Path s = source.resolve(child);
      Path t = target.resolve(child);
      boolean dir = Files.isDirectory(cmp <= 0 ? s : t, LinkOption.NOFOLLOW_LINKS);
      if (!excludes.excluded(child, dir)) {
        if (cmp < 0) {
          onlyInSource(s, child, dir);
        } else if (cmp > 0) {
          extra.addAndGet(dir ? count(t) : 1);
          sample("extra on the mirror: " + child);
        } else if (dir && Files.isDirectory(t, LinkOption.NOFOLLOW_LINKS)) {
          walk(source, target, child, work);
        } else {
          both(s, t, child, work);
        }
      }
      if (cmp <= 0) {
        i++;
      }
      if (cmp >= 0) {
        j++;
      }
    }
  }

  private void both(Path s, Path t, String child, BlockingQueue<Path[]> work) {
    try {
      BasicFileAttributes sa =
          Files.readAttributes(s, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      BasicFileAttributes ta =
          Files.readAttributes(t, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      files.incrementAndGet();
      if (sa.isSymbolicLink() || ta.isSymbolicLink()) {
        if (!(sa.isSymbolicLink()
            && ta.isSymbolicLink()
            && Files.readSymbolicLink(s).equals(Files.readSymbolicLink(t)))) {
          differs(child, sa, "symlink differs");
        }
        return;
      }
      if (sa.isDirectory() != ta.isDirectory()) {
        differs(child, sa, "file on one side, directory on the other");
        return;
      }
      bytes.addAndGet(sa.size());
      if (sa.size() != ta.size()) {
        differs(child, sa, "size " + sa.size() + " vs " + ta.size());
      } else if (deep) {
        put(work, new Path[] {s, t});
      } else if (!sa.lastModifiedTime().equals(ta.lastModifiedTime())) {
        differs(child, sa, "modified at a different time");
      }
    } catch (NoSuchFileException e) {
      changing.incrementAndGet();
    } catch (IOException e) {
      changing.incrementAndGet();
      sample("unreadable: " + child + " (" + e.getMessage() + ")");
    }
  }

  private void hashLoop(BlockingQueue<Path[]> work, Path[] poison, Path source) {
    byte[] buffer = new byte[64 * 1024];
    while (true) {
      Path[] pair;
      try {
        pair = work.take();
      } catch (InterruptedException e) {
        return;
      }
      if (pair == poison) {
        return;
      }
      try {
        if (sameContent(pair[0], pair[1])) {
          continue;
        }
        long before = Files.getLastModifiedTime(pair[0]).toMillis();
        if (before > scanStart) {
          changing.incrementAndGet();
        } else {
          String child = source.relativize(pair[0]).toString();
          different.incrementAndGet();
          oldest.accumulateAndGet(before, Math::min);
          byte[] a = sha256(pair[0], buffer);
          byte[] b = sha256(pair[1], buffer);
          sample(
              "different content: "
                  + child
                  + " (sha256 "
                  + HexFormat.of().formatHex(a, 0, 6)
                  + "... vs "
                  + HexFormat.of().formatHex(b, 0, 6)
                  + "...)");
        }
      } catch (IOException e) {
        changing.incrementAndGet();
      }
    }
  }

  /** Per hashing thread: two 1 MiB buffers for byte-for-byte comparison. */
  private static final ThreadLocal<byte[][]> BUFFERS =
      ThreadLocal.withInitial(() -> new byte[][] {new byte[1 << 20], new byte[1 << 20]});

  /**
   * Whether two files hold the same bytes, read in 1 MiB blocks and compared with the JDK's
   * vectorised mismatch: exact, and faster than any hash of both sides.
   */
  static boolean sameContent(Path a, Path b) throws IOException {
    byte[][] buffers = BUFFERS.get();
    try (InputStream ia = new FileInputStream(a.toFile());
        InputStream ib = new FileInputStream(b.toFile())) {
      while (true) {
        int na = ia.readNBytes(buffers[0], 0, buffers[0].length);
        int nb = ib.readNBytes(buffers[1], 0, buffers[1].length);
        if (na != nb || Arrays.mismatch(buffers[0], 0, na, buffers[1], 0, nb) >= 0) {
          return false;
        }
        if (na < buffers[0].length) {
          return true;
        }
      }
    }
  }

  static byte[] sha256(Path file, byte[] buffer) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void onlyInSource(Path s, String child, boolean dir) {
    try {
      if (dir) {
        try (var stream = Files.walk(s)) {
          stream
              .filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
              .forEach(p -> missingFile(p, child + "/" + s.relativize(p)));
        }
      } else {
        missingFile(s, child);
      }
    } catch (IOException | UncheckedIOException e) {
      changing.incrementAndGet();
    }
  }

  private void missingFile(Path p, String child) {
    missing.incrementAndGet();
    try {
      BasicFileAttributes a =
          Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      missingBytes.addAndGet(a.size());
      oldest.accumulateAndGet(a.lastModifiedTime().toMillis(), Math::min);
    } catch (IOException e) {
      changing.incrementAndGet();
    }
    sample("missing on the mirror: " + child);
  }

  private void differs(String child, BasicFileAttributes sa, String why) {
    different.incrementAndGet();
    oldest.accumulateAndGet(sa.lastModifiedTime().toMillis(), Math::min);
    sample("different: " + child + " (" + why + ")");
  }

  private void sample(String text) {
    if (samples.size() < SAMPLES * 5) {
      samples.add(text);
    }
  }

  private static long count(Path dir) {
    try (var stream = Files.walk(dir)) {
      return stream.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).count();
    } catch (IOException | UncheckedIOException e) {
      return 1;
    }
  }

  private String[] names(Path dir) {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return new String[0];
    }
    try (var stream = Files.list(dir)) {
      return stream.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
    } catch (IOException | UncheckedIOException e) {
      changing.incrementAndGet();
      return new String[0];
    }
  }

  private static void put(BlockingQueue<Path[]> queue, Path[] item) {
    try {
      queue.put(item);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
