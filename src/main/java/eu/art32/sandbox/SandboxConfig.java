package eu.art32.sandbox;

/** The art32.yaml `sandbox up` writes for its pair. */
final class SandboxConfig {
  private SandboxConfig() {}

  static String yaml(SandboxNode primary, SandboxNode replica, boolean tls) {
    return "# Written by `art32 sandbox up`: a real MariaDB primary/replica pair on 127.0.0.1.\n"
        + "# The password is in client.cnf (mode 600) beside this file, never in here.\n"
        + "version: 1\n"
        + "operator: \"art32 sandbox\"\n"
        + "pairs:\n"
        + "  - name: sandbox\n"
        + "    environment: staging\n"
        + "    tags: [sandbox]\n"
        + node("primary", primary, tls, "Oslo", "sandbox site A (loopback)")
        + node("replica", replica, tls, "Oslo", "sandbox site B (loopback)")
        + "    objectives:\n"
        + "      rpo: 1s\n"
        + "      rto: 60s\n"
        + "    drill:\n"
        + "      fault: kill\n"
        + "      failback: restore\n"
        + "      verifyTables: [shop.customers]\n"
        + "      replication:\n"
        + "        optionFile: replication.cnf\n";
  }

  private static String node(
      String role, SandboxNode node, boolean tls, String city, String facility) {
    return "    "
        + role
        + ":\n"
        + "      host: 127.0.0.1\n"
        + "      port: "
        + node.port()
        + "\n"
        + "      optionFile: client.cnf\n"
        + (tls ? "      tls: verify-ca\n      ca: tls/ca.pem\n" : "      tls: disabled\n")
        + "      site:\n"
        + "        country: \"NO\"\n"
        + "        city: "
        + city
        + "\n"
        + "        provider: art32 sandbox\n"
        + "        facility: "
        + facility
        + "\n";
  }
}
