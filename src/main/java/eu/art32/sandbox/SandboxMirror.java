package eu.art32.sandbox;

import eu.art32.EnvironmentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An lsyncd + rsync mirror beside the sandbox pair, as the reference architecture has for user
 * uploads: {@code uploads/} mirrored to {@code uploads-mirror/}, a cache folder excluded, a
 * bandwidth limit set. Started only when lsyncd and rsync are installed.
 */
record SandboxMirror(Path dir) {
  Path source() {
    return dir.resolve("uploads");
  }

  Path target() {
    return dir.resolve("uploads-mirror");
  }

  Path config() {
    return dir.resolve("lsyncd.conf.lua");
  }

  Path pidFile() {
    return dir.resolve("lsyncd.pid");
  }

  static boolean available() {
    return executable("lsyncd") && executable("rsync");
  }

  static boolean executable(String name) {
    for (String p : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(p, name))) {
        return true;
      }
    }
    return false;
  }

  void start() throws IOException {
    Files.createDirectories(source().resolve("contracts"));
    Files.createDirectories(source().resolve("cache"));
    Files.createDirectories(target());
    for (int i = 1; i <= 20; i++) {
      Files.writeString(
          source().resolve("contracts/customer-" + i + ".txt"), "Contract of customer " + i + "\n");
    }
    Files.writeString(source().resolve("cache/thumbnail.tmp"), "rebuilt on demand; not mirrored\n");
    Files.writeString(
        config(),
        String.join(
            "\n",
            "-- Written by art32 sandbox: uploads mirrored to the DR side, as lsyncd runs in production.",
            "settings {",
            "  logfile = '" + dir.resolve("lsyncd.log") + "',",
            "  statusFile = '" + dir.resolve("lsyncd.status") + "',",
            "  statusInterval = 1,",
            "  pidfile = '" + pidFile() + "',",
            "}",
            "sync {",
            "  default.rsync,",
            "  source = '" + source() + "',",
            "  target = '" + target() + "',",
            "  exclude = { 'cache/' },",
            "  delay = 0,",
            "  delete = true,",
            "  rsync = { archive = true, _extra = { '--bwlimit=50000' } },",
            "}",
            ""));
    Process p =
        new ProcessBuilder("lsyncd", config().toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("lsyncd.out").toFile())
            .start();
    try {
      p.waitFor(10, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!Files.exists(target().resolve("contracts/customer-20.txt"))) {
        if (System.nanoTime() > deadline) {
          throw new EnvironmentException(
              "lsyncd did not mirror the sandbox uploads within 30 s; see "
                  + dir.resolve("lsyncd.out"));
        }
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EnvironmentException("interrupted while starting lsyncd");
    }
  }

  Optional<ProcessHandle> process() {
    try {
      long pid = Long.parseLong(Files.readString(pidFile()).trim());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  void stop() {
    process()
        .ifPresent(
            h -> {
              h.destroy();
              try {
                h.onExit().get(10, TimeUnit.SECONDS);
              } catch (Exception e) {
                h.destroyForcibly();
              }
            });
  }
}
