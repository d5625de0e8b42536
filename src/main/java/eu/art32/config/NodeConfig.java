package eu.art32.config;

import java.nio.file.Path;
import java.util.Objects;

/** One database server of a pair, as configured. */
public record NodeConfig(
    String host, int port, String user, Secret password, TlsMode tls, Path caFile, Site site) {
  public NodeConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(site, "site");
  }

  public String address() {
    return host + ":" + port;
  }
}
