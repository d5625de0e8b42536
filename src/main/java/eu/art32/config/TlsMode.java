package eu.art32.config;

/** How art32's own connection to a node uses TLS; spelled as in the MySQL clients' --ssl-mode. */
public enum TlsMode {
  DISABLED,
  PREFERRED,
  REQUIRED,
  VERIFY_CA,
  VERIFY_IDENTITY;

  public boolean verifies() {
    return this == VERIFY_CA || this == VERIFY_IDENTITY;
  }
}
