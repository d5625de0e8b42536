package eu.art32.cli;

import eu.art32.UsageException;
import eu.art32.config.Art32Config;
import eu.art32.config.ConfigLoader;
import eu.art32.config.GeoIpConfig;
import eu.art32.residency.GeoDatabase;
import eu.art32.rules.Resources;
import eu.art32.rules.RuleBook;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command that reads config and rules shares. */
final class CommonOptions {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      defaultValue = "art32.yaml",
      description = "Configuration file (default: ${DEFAULT-VALUE}).")
  Path config;

  @Option(
      names = "--rules",
      paramLabel = "DIR",
      description = "Read rules from DIR instead of the packaged rules/.")
  Path rules;

  @Option(
      names = "--templates",
      paramLabel = "DIR",
      description = "Read report templates from DIR instead of the packaged templates/.")
  Path templates;

  @Option(
      names = "--geoip-db",
      paramLabel = "FILE",
      description =
          "Geo-IP database (MaxMind City/Country, or country_code layout); default: geoip.database in the config, else /usr/share/GeoIP, /var/lib/GeoIP.")
  Path geoipDb;

  @Option(
      names = "--geoip-asn-db",
      paramLabel = "FILE",
      description = "MaxMind ASN database for AS numbers and organisations.")
  Path geoipAsnDb;

  @Option(
      names = {"-v", "--verbose"},
      description = "Print stack traces with errors.")
  boolean verbose;

  RuleBook ruleBook() {
    return RuleBook.load(new Resources("rules", rules));
  }

  Resources templateResources() {
    return new Resources("templates", templates);
  }

  /**
   * The geo-IP databases: the command line wins over art32.yaml. A path given on the command line
   * that is no regular file is a usage error (exit 2), found before any server is touched.
   */
  GeoIpConfig geoip(Art32Config config) {
    requireFile("--geoip-db", geoipDb);
    requireFile("--geoip-asn-db", geoipAsnDb);
    GeoIpConfig fromConfig = config.geoip() == null ? new GeoIpConfig(null, null) : config.geoip();
    return new GeoIpConfig(
        geoipDb != null ? geoipDb : fromConfig.database(),
        geoipAsnDb != null ? geoipAsnDb : fromConfig.asnDatabase());
  }

  private static void requireFile(String option, Path file) {
    String problem = file == null ? null : GeoDatabase.notAFile(file);
    if (problem != null) {
      throw new UsageException(option + ": " + problem);
    }
  }

  Art32Config loadConfig(Context context, RuleBook book) {
    return new ConfigLoader(context.env(), book.defaults()).load(config);
  }
}
