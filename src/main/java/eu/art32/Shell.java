package eu.art32;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command (or {@code sh -c} text), bounded by a timeout, keeping the head of its output:
 * runbook steps, fault commands, the probe command, rsync and the remote shell.
 */
public final class Shell {
  private static final int KEEP = 4096;

  /** What a command did. {@code exitCode} is -1 when it was killed at its timeout. */
  public record Result(int exitCode, String output, long nanos, boolean timedOut) {
    public boolean succeeded() {
      return exitCode == 0 && !timedOut;
    }
  }

  private Shell() {}

  public static Result run(String command, Duration timeout, Map<String, String> env) {
    return run(List.of("sh", "-c", command), timeout, env);
  }

  public static Result run(List<String> argv, Duration timeout, Map<String, String> env) {
    return run(argv, timeout, env, KEEP);
  }

  /** As {@link #run(List, Duration, Map)}, keeping up to {@code keep} bytes of output. */
  public static Result run(List<String> argv, Duration timeout, Map<String, String> env, int keep) {
    return run(argv, timeout, env, keep, null);
  }

  /**
   * As {@link #run(List, Duration, Map, int)}, with {@code input} on the command's standard input
   * (null: /dev/null), as {@code ssh host sh -s} takes a script.
   */
  public static Result run(
      List<String> argv, Duration timeout, Map<String, String> env, int keep, byte[] input) {
    long start = System.nanoTime();
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
    if (input == null) {
      builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }
    builder.environment().putAll(env);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return new Result(127, "cannot start: " + e.getMessage(), System.nanoTime() - start, false);
    }
    if (input != null) {
      Thread.ofPlatform()
          .daemon()
          .start(
              () -> {
                try (var in = process.getOutputStream()) {
                  in.write(input);
                } catch (IOException e) {
                  // the command did not read all of it; its output says what it did
                }
              });
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    Thread reader =
        Thread.ofPlatform().daemon().start(() -> drain(process.getInputStream(), output, keep));
    boolean finished;
    try {
      finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finished = false;
    }
    if (!finished) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    try {
      reader.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long nanos = System.nanoTime() - start;
    String text;
    synchronized (output) {
      text = output.toString(StandardCharsets.UTF_8).strip();
    }
    return new Result(finished ? process.exitValue() : -1, text, nanos, !finished);
  }

  private static void drain(InputStream in, ByteArrayOutputStream output, int keep) {
    byte[] buffer = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        synchronized (output) {
          int room = keep - output.size();
          if (room > 0) {
            output.write(buffer, 0, Math.min(room, n));
          }
        }
      }
    } catch (IOException ignored) {
      // the process ended or was killed; what was read is kept
    }
  }
}
