package eu.art32.sandbox;

import eu.art32.residency.MmdbWriter;
import eu.art32.server.ServerKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * The art32.yaml `sandbox up` writes for its pair. Both servers listen on 127.0.0.1, which no
 * geo-IP database can place, so each node declares a public address taken from MaxMind's test
 * networks (NO for the primary, SE Linkoping for the DR node), labelled as declared in the report.
 * A small country_code database for exactly those two addresses is written beside the config, so
 * the demo has residency evidence on a machine without any geo-IP database; --geoip-db with a
 * MaxMind City database replaces it.
 */
final class SandboxConfig {
  static final String GEO_DATABASE = "geoip/sandbox-country.mmdb";
  static final String PRIMARY_PUBLIC_IP = "2a02:cf40::a";
  static final String REPLICA_PUBLIC_IP = "89.160.20.115";

  private SandboxConfig() {}

  static void writeGeoDatabase(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    new MmdbWriter(
            "art32-sandbox-country",
            "art32 sandbox: country_code records for the demo's two declared addresses only, not real geo-IP data",
            Instant.now().getEpochSecond())
        .insert("2a02:cf40::/29", Map.of("country_code", "NO"))
        .insert("89.160.20.112/28", Map.of("country_code", "SE"))
        .write(file);
  }

  static String yaml(SandboxNode primary, SandboxNode replica, boolean tls) {
    return yaml(ServerKind.DEFAULT, primary, replica, tls, null, null);
  }

  static String yaml(
      ServerKind server,
      SandboxNode primary,
      SandboxNode replica,
      boolean tls,
      SandboxMirror mirror,
      SandboxBackup backup) {
    return "# Written by `art32 sandbox up`: a real "
        + server.label()
        + " primary/replica pair on 127.0.0.1.\n"
        + "# The password is in client.cnf (mode 600) beside this file, never in here.\n"
        + "version: 1\n"
        + "operator: \"art32 sandbox\"\n"
        + "geoip:\n"
        + "  database: "
        + GEO_DATABASE
        + "\n"
        + "pairs:\n"
        + "  - name: sandbox\n"
        + "    environment: staging\n"
        + "    tags: [sandbox]\n"
        + node(
            "primary",
            primary,
            tls && server.clientTls(),
            "NO",
            "Oslo",
            "sandbox site A (loopback)",
            PRIMARY_PUBLIC_IP)
        + node(
            "replica",
            replica,
            tls && server.clientTls(),
            "SE",
            "Linköping",
            "sandbox site B (loopback)",
            REPLICA_PUBLIC_IP)
        + "    objectives:\n"
        + "      rpo: 1s\n"
        + "      rto: 60s\n"
        + (mirror == null
            ? ""
            : "    mirror:\n"
                + "      source: uploads\n"
                + "      target: "
                + mirror.target()
                + "\n"
                + "      lsyncdConfig: lsyncd.conf.lua\n"
                + "      fileRpo: 10s\n")
        + (backup == null
            ? ""
            : "    backup:\n"
                + "      node: replica\n"
                + "      directory: "
                + SandboxBackup.FOLDER
                + "\n"
                + "      command: \""
                + backup.command()
                + "\"\n"
                + "      verifyTables: [shop.*]\n")
        + "    drill:\n"
        + "      fault: kill\n"
        + "      failback: restore\n"
        + "      verifyTables: [shop.customers]\n"
        + "      replication:\n"
        + "        optionFile: replication.cnf\n";
  }

  private static String node(
      String role,
      SandboxNode node,
      boolean tls,
      String country,
      String city,
      String facility,
      String publicIp) {
    return "    "
        + role
        + ":\n"
        + "      host: 127.0.0.1\n"
        + "      port: "
        + node.port()
        + "\n"
        + "      optionFile: client.cnf\n"
        + (tls
            ? "      tls: verify-ca\n      ca: tls/ca.pem\n"
            : node.server().clientTls()
                ? "      tls: disabled\n"
                : "      tls: disabled   # "
                    + node.server().label()
                    + " speaks TLS 1.1 at most (yaSSL), which art32's driver refuses\n")
        + "      site:\n"
        + "        country: \""
        + country
        + "\"\n"
        + "        city: "
        + city
        + "\n"
        + "        provider: art32 sandbox\n"
        + "        facility: "
        + facility
        + "\n"
        + "        publicIp: \""
        + publicIp
        + "\"   # declared for the demo: a MaxMind test network, not this machine\n";
  }
}
