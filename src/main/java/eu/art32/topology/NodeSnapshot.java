package eu.art32.topology;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one node said about itself at one moment: version, global variables and, when it replicates,
 * its replica status row with MySQL's Replica_/Source_ names folded onto the Slave_/Master_ names
 * both flavors understand.
 */
public record NodeSnapshot(
    Role role,
    String address,
    Dialect dialect,
    String version,
    Map<String, String> variables,
    Map<String, String> replicaStatus,
    String sessionCipher) {
  public NodeSnapshot {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(version, "version");
    variables = Map.copyOf(variables);
    replicaStatus = Map.copyOf(replicaStatus);
  }

  /**
   * The first of the named variables the server has, e.g. log_replica_updates or log_slave_updates.
   */
  public Optional<String> variable(String... names) {
    for (String name : names) {
      String value = variables.get(name.toLowerCase(Locale.ROOT));
      if (value != null) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  public boolean replicates() {
    return !replicaStatus.isEmpty();
  }

  public String status(String column) {
    return replicaStatus.getOrDefault(column, "");
  }

  public String serverId() {
    return variables.getOrDefault("server_id", "");
  }

  /** Folds MySQL 8.0.22+ column names onto the older names MariaDB still uses. */
  public static Map<String, String> normaliseReplicaStatus(Map<String, String> row) {
    Map<String, String> normalised = new TreeMap<>();
    row.forEach(
        (column, value) ->
            normalised.put(
                column
                    .replace("Replica_", "Slave_")
                    .replace("Source_", "Master_")
                    .replace("Behind_Source", "Behind_Master"),
                value == null ? "" : value));
    return normalised;
  }
}
