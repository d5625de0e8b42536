package eu.art32.topology;

import eu.art32.config.Secret;
import java.util.Objects;

/**
 * Where a node replicates from, as a CHANGE MASTER / CHANGE REPLICATION SOURCE statement needs it.
 * The CA path is a path on the replica's own file system.
 */
public record ReplicationSource(
    String host,
    int port,
    String user,
    Secret password,
    boolean ssl,
    String sslCa,
    boolean verify) {
  public ReplicationSource {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
  }

  static String quote(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
  }
}
