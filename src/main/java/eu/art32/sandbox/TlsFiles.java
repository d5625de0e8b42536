package eu.art32.sandbox;

import eu.art32.EnvironmentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private CA and a server certificate for 127.0.0.1, made once per sandbox with openssl, so
 * replication and art32's own connections use verified TLS (and MariaDB 11.4 does not generate a
 * throw-away certificate at every start).
 */
public record TlsFiles(Path ca, Path cert, Path key) {
  /**
   * The server key in the older PKCS#1 form ("BEGIN RSA PRIVATE KEY"), the only one MySQL 5.7's
   * bundled yaSSL reads.
   */
  public Path rsaKey() {
    return key.resolveSibling("server-key-rsa.pem");
  }

  public static TlsFiles create(Path dir) {
    TlsFiles files =
        new TlsFiles(
            dir.resolve("ca.pem"), dir.resolve("server-cert.pem"), dir.resolve("server-key.pem"));
    if (Files.isRegularFile(files.ca)
        && Files.isRegularFile(files.cert)
        && Files.isRegularFile(files.key)
        && Files.isRegularFile(files.rsaKey())) {
      return files;
    }
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
      run(
          dir,
          "openssl",
          "req",
          "-x509",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-days",
          "3650",
          "-keyout",
          "ca-key.pem",
          "-out",
          "ca.pem",
          "-subj",
          "/CN=art32 sandbox CA");
      run(
          dir,
          "openssl",
          "req",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-keyout",
          "server-key.pem",
          "-out",
          "server.csr",
          "-subj",
          "/CN=127.0.0.1");
      run(
          dir,
          "openssl",
          "x509",
          "-req",
          "-in",
          "server.csr",
          "-CA",
          "ca.pem",
          "-CAkey",
          "ca-key.pem",
          "-CAcreateserial",
          "-days",
          "3650",
          "-out",
          "server-cert.pem",
          "-extfile",
          "san.ext");
      run(
          dir,
          "openssl",
          "rsa",
          "-in",
          "server-key.pem",
          "-out",
          "server-key-rsa.pem",
          "-traditional");
    } catch (IOException e) {
      throw new EnvironmentException(
          "cannot create sandbox TLS files in " + dir + ": " + e.getMessage(), e);
    }
    return files;
  }

  /** Whether openssl is available to make certificates. */
  public static boolean available() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, "openssl"))) {
        return true;
      }
    }
    return false;
  }

  private static void run(Path dir, String... command) throws IOException {
    Path log = dir.resolve("openssl.log");
    Process process =
        new ProcessBuilder(List.of(command))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new EnvironmentException("openssl failed making sandbox certificates; see " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EnvironmentException("interrupted while making sandbox certificates");
    }
  }
}
