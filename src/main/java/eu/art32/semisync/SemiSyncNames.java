package eu.art32.semisync;

import eu.art32.topology.Dialect;
import eu.art32.topology.MariaDbDialect;
import eu.art32.topology.ServerVersion;
import java.util.Map;

/**
 * The names semi-synchronous replication goes by on one server, the one place they are decided:
 * MariaDB has it built in under the master/slave words; MySQL 5.7 and 8.0 before 8.0.26 load the
 * {@code rpl_semi_sync_master}/{@code rpl_semi_sync_slave} plugins; 8.0.26 added the {@code
 * rpl_semi_sync_source}/{@code rpl_semi_sync_replica} plugins with source/replica names (either
 * pair may be loaded until 8.4, which keeps only the new one). {@code source} and {@code replica}
 * are the words in the variable and status names; {@code builtIn} says no plugin is needed; {@code
 * waitCount} says whether the server has a wait-for-replica count (MariaDB waits for one).
 */
public record SemiSyncNames(
    String source,
    String replica,
    String sourcePlugin,
    String replicaPlugin,
    boolean builtIn,
    boolean waitCount) {
  private static final SemiSyncNames OLD =
      new SemiSyncNames(
          "master", "slave", "rpl_semi_sync_master", "rpl_semi_sync_slave", false, true);
  private static final SemiSyncNames NEW =
      new SemiSyncNames(
          "source", "replica", "rpl_semi_sync_source", "rpl_semi_sync_replica", false, true);
  private static final SemiSyncNames MARIADB =
      new SemiSyncNames("master", "slave", null, null, true, false);

  /**
   * The names on a server of {@code dialect} whose global variables are {@code variables}
   * (lower-case names): on MySQL 8.0.26 to 8.3 the loaded plugin decides, the new one when neither
   * or both are loaded.
   */
  public static SemiSyncNames of(Dialect dialect, Map<String, String> variables) {
    if (dialect instanceof MariaDbDialect) {
      return MARIADB;
    }
    ServerVersion version = dialect.version();
    if (!version.atLeast(8, 0, 26)) {
      return OLD;
    }
    if (version.atLeast(8, 4, 0)) {
      return NEW;
    }
    boolean oldLoaded =
        variables.containsKey(OLD.sourceEnabled()) || variables.containsKey(OLD.replicaEnabled());
    boolean newLoaded =
        variables.containsKey(NEW.sourceEnabled()) || variables.containsKey(NEW.replicaEnabled());
    return oldLoaded && !newLoaded ? OLD : NEW;
  }

  /**
   * Whether this server has a primary-side name to read (MariaDB always; MySQL with the plugin).
   */
  public boolean loaded(Map<String, String> variables, boolean sourceSide) {
    return builtIn || variables.containsKey(sourceSide ? sourceEnabled() : replicaEnabled());
  }

  public String sourceEnabled() {
    return "rpl_semi_sync_" + source + "_enabled";
  }

  public String replicaEnabled() {
    return "rpl_semi_sync_" + replica + "_enabled";
  }

  public String timeout() {
    return "rpl_semi_sync_" + source + "_timeout";
  }

  public String waitPoint() {
    return "rpl_semi_sync_" + source + "_wait_point";
  }

  /** The wait-for-replica count variable; null on MariaDB, which has none. */
  public String waitForCount() {
    return waitCount ? "rpl_semi_sync_" + source + "_wait_for_" + replica + "_count" : null;
  }

  /** A primary-side status counter, e.g. {@code status("no_tx")}: Rpl_semi_sync_master_no_tx. */
  public String sourceStatus(String name) {
    return "Rpl_semi_sync_" + source + "_" + name;
  }

  public String replicaStatus() {
    return "Rpl_semi_sync_" + replica + "_status";
  }
}
