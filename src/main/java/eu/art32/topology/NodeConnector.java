package eu.art32.topology;

import eu.art32.Art32Exception;
import eu.art32.EnvironmentException;
import eu.art32.config.NodeConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLHandshakeException;

/** Opens JDBC connections to configured nodes with bounded timeouts and the node's TLS mode. */
public final class NodeConnector implements AutoCloseable {
  private final Duration connectTimeout;
  private final Duration queryTimeout;
  private final ConnectionPool pool;

  public NodeConnector(Duration connectTimeout, Duration queryTimeout) {
    this(connectTimeout, queryTimeout, null);
  }

  private NodeConnector(Duration connectTimeout, Duration queryTimeout, ConnectionPool pool) {
    this.connectTimeout = connectTimeout;
    this.queryTimeout = queryTimeout;
    this.pool = pool;
  }

  /**
   * A connector with the same timeouts whose connections, once closed by their user, stay open for
   * the next {@link #connect} to the same node and account (see {@link ConnectionPool}); {@link
   * #close} closes them. For audits, which read; a drill connects fresh.
   */
  public NodeConnector pooled() {
    return new NodeConnector(connectTimeout, queryTimeout, new ConnectionPool());
  }

  /** Closes the idle connections of a pooled connector; nothing for a plain one. */
  @Override
  public void close() {
    if (pool != null) {
      pool.close();
    }
  }

  public static NodeConnector defaults() {
    return new NodeConnector(Duration.ofSeconds(5), Duration.ofSeconds(30));
  }

  /**
   * Connects, or throws an {@link EnvironmentException} whose one-line message names the node and
   * the first distinct cause (refused, timed out, access denied), never the password.
   */
  public Connection connect(String what, NodeConfig node) {
    return pool == null ? open(what, node) : pool.borrow(node, () -> open(what, node));
  }

  private Connection open(String what, NodeConfig node) {
    Properties properties = new Properties();
    properties.setProperty("user", node.user());
    properties.setProperty("password", node.password().reveal());
    properties.setProperty("connectTimeout", Long.toString(connectTimeout.toMillis()));
    properties.setProperty("socketTimeout", Long.toString(queryTimeout.toMillis()));
    properties.setProperty("sslMode", node.tls().name());
    properties.setProperty("allowPublicKeyRetrieval", "false");
    properties.setProperty("connectionTimeZone", "UTC");
    if (node.tls().verifies()) {
      Path trustStore = trustStore(what, node.caFile());
      properties.setProperty("trustCertificateKeyStoreUrl", trustStore.toUri().toString());
      properties.setProperty("trustCertificateKeyStoreType", "PKCS12");
    }
    String url = "jdbc:mysql://" + node.host() + ":" + node.port() + "/";
    try {
      return DriverManager.getConnection(url, properties);
    } catch (SQLException e) {
      throw new EnvironmentException(
          "cannot connect to " + what + " " + node.address() + ": " + describe(e, node), e);
    }
  }

  private static String describe(SQLException e, NodeConfig node) {
    if (e.getErrorCode() == 1045 || "28000".equals(e.getSQLState())) {
      return "access denied for user '"
          + node.user()
          + "' (password from "
          + node.password().source()
          + ")";
    }
    Throwable root = e;
    boolean handshake = false;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
      handshake |= root instanceof SSLHandshakeException;
    }
    if (String.valueOf(root.getMessage()).contains("Public Key Retrieval is not allowed")) {
      return "the account '"
          + node.user()
          + "' uses caching_sha2_password (MySQL 8's default), whose login without TLS needs the"
          + " server's RSA key, and art32 does not fetch a key over an unencrypted connection (a"
          + " man in the middle could hand it one): set tls: verify-ca (or required) for this"
          + " node, or give the account mysql_native_password";
    }
    if (handshake) {
      return "the TLS handshake failed ("
          + Art32Exception.firstLine(String.valueOf(root.getMessage()))
          + "); servers that offer only TLS 1.0 or 1.1, such as MySQL community builds before"
          + " 5.7.28 (yaSSL), cannot be reached with TLS by art32's driver: upgrade the server's"
          + " TLS, or set tls: disabled for this node (tls: "
          + node.tls().name().toLowerCase(Locale.ROOT).replace('_', '-')
          + " now)";
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    message = Art32Exception.firstLine(message);
    if (root instanceof SocketTimeoutException || message.contains("timed out")) {
      return "timed out (" + message + ")";
    }
    return message.replace(node.password().reveal(), "******");
  }

  private static final Map<Path, Path> TRUST_STORES = new ConcurrentHashMap<>();

  /**
   * Connector/J wants a key store for CA verification: build one from the PEM file, once per CA
   * file and JVM (a drill reconnects every millisecond while it waits for the promoted node).
   */
  private static Path trustStore(String what, Path caFile) {
    Path cached = TRUST_STORES.get(caFile);
    if (cached != null && Files.isRegularFile(cached)) {
      return cached;
    }
    Path created = createTrustStore(what, caFile);
    TRUST_STORES.put(caFile, created);
    return created;
  }

  private static Path createTrustStore(String what, Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      Path file = Files.createTempFile("art32-ca-", ".p12");
      file.toFile().deleteOnExit();
      try (OutputStream out = Files.newOutputStream(file)) {
        // No password: the store holds only public CA certificates, and a password-protected
        // PKCS12 costs two PBKDF2 derivations (several ms of CPU) each time Connector/J loads it,
        // which it does for every connection.
        store.store(out, null);
      }
      return file;
    } catch (IOException | GeneralSecurityException e) {
      throw new EnvironmentException(
          "cannot read the CA file of " + what + ": " + caFile + ": " + e.getMessage(), e);
    }
  }
}
