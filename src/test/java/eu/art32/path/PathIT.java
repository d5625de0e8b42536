package eu.art32.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.art32.Shell;
import eu.art32.cli.CliRun;
import eu.art32.residency.MmdbWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The path area over a real routed path: network namespaces joined by veth pairs, three routers
 * between "primary" and "DR" (src/test/sh/path-netns.sh), real {@code traceroute} with TCP probes
 * to the database port, and a geo-IP and an ASN database written for the links' addresses. The
 * middle router's link is placed in GB, the others in NO: Oslo to Oslo through London.
 */
class PathIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The nodes do not run a server; the config still names a password reference. */
  private static final Map<String, String> PASSWORD = Map.of("PATHIT_PASSWORD", "not-a-secret");

  @TempDir static Path root;
  private static Namespaces net;
  private static Path geo;
  private static Path nordic;
  private static Path asn;

  @BeforeAll
  static void up() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
    assumeTrue(
        Files.isExecutable(Path.of("/usr/sbin/traceroute")),
        "traceroute is not installed (apt-get install traceroute; .ci/run does)");
    net = Namespaces.up("a");
    geo = root.resolve("links.mmdb");
    new MmdbWriter("geo-whois-asn-country", "PathIT links", System.currentTimeMillis() / 1000)
        .insert("198.51.100.0/30", Map.of("country_code", "NO"))
        .insert("203.0.113.0/30", Map.of("country_code", "GB"))
        .insert("198.51.100.8/30", Map.of("country_code", "NO"))
        .insert("192.0.2.0/30", Map.of("country_code", "NO"))
        .write(geo);
    nordic = root.resolve("nordic.mmdb");
    new MmdbWriter(
            "geo-whois-asn-country", "PathIT links, all Nordic", System.currentTimeMillis() / 1000)
        .insert("198.51.100.0/30", Map.of("country_code", "NO"))
        .insert("203.0.113.0/30", Map.of("country_code", "SE"))
        .insert("198.51.100.8/30", Map.of("country_code", "NO"))
        .insert("192.0.2.0/30", Map.of("country_code", "NO"))
        .write(nordic);
    asn = root.resolve("asn.mmdb");
    new MmdbWriter("GeoLite2-ASN", "PathIT autonomous systems", System.currentTimeMillis() / 1000)
        .insert(
            "203.0.113.0/30",
            Map.of("autonomous_system_number", 5459, "autonomous_system_organization", "LINX"))
        .insert(
            "198.51.100.0/24",
            Map.of("autonomous_system_number", 2119, "autonomous_system_organization", "Telenor"))
        .write(asn);
  }

  @AfterAll
  static void down() {
    if (net != null) {
      net.down();
    }
  }

  private static Path config(String name, Path geo, String pathCommand) throws Exception {
    return config(name, geo, pathCommand, "");
  }

  private static Path config(String name, Path geo, String pathCommand, String more)
      throws Exception {
    String yaml =
        """
        version: 1
        geoip:
          database: %s
          asnDatabase: %s
        pairs:
          - name: oslo
            environment: staging
            primary: {host: 198.51.100.2, port: 3306, user: art32, password: "${env:PATHIT_PASSWORD}", site: {country: "NO", city: Oslo}}
            replica: {host: 192.0.2.2, port: 3306, user: art32, password: "${env:PATHIT_PASSWORD}", site: {country: "NO", city: Oslo}}
            latency: {samples: 5, warmup: 0}
            heartbeat: {enabled: false}
            consistency: {enabled: false}
        %s%s"""
            .formatted(
                geo,
                asn,
                pathCommand == null ? "" : "    path:\n      command: " + pathCommand + "\n",
                more);
    return Files.writeString(root.resolve(name + ".yaml"), yaml);
  }

  private static Shell.Result auditOnThePrimarysHost(Path config, Path out) {
    return net.art32OnThePrimary(
        PASSWORD, "audit", "--config", config.toString(), "--out", out.toString());
  }

  private static JsonNode finding(JsonNode evidence, String id) {
    for (JsonNode f : evidence.at("/pairs/0/findings")) {
      if (f.get("id").asText().equals(id)) {
        return f;
      }
    }
    throw new AssertionError("no finding " + id);
  }

  /**
   * art32 on the primary's host (run inside the primary's namespace) traces with traceroute itself;
   * the London hop fails the route (and the mirror's route to the same host), named with its
   * country and AS, in evidence.json, the HTML report's table and drawing, the PDF, and the bokmål
   * report.
   */
  @Test
  void aRouteThroughLondonFailsNamingTheHopInTheEvidenceAndTheReports() throws Exception {
    Path out = root.resolve("london");
    Shell.Result run =
        auditOnThePrimarysHost(
            config(
                "london",
                geo,
                null,
                "    mirror: {source: "
                    + root
                    + ", target: \"192.0.2.2:/srv/uploads\", lsyncdConfig: "
                    + root.resolve("lsyncd.conf.lua")
                    + ", fileRpo: 1s}\n"),
            out);
    // no server runs on the nodes, so the pair cannot be read (exit 3); its path is judged all the
    // same, as residency is
    assertThat(run.exitCode()).as(run.output()).isEqualTo(3);

    JsonNode evidence = JSON.readTree(out.resolve("evidence.json").toFile());
    JsonNode route = evidence.at("/pairs/0/path/routes/0");
    assertThat(route.get("tracedFrom").asText()).isEqualTo("this host (the primary's)");
    assertThat(route.get("reached").asBoolean()).isTrue();
    List<String> hops = new ArrayList<>();
    for (JsonNode h : route.get("hops")) {
      hops.add(
          h.get("ttl").asInt()
              + " "
              + h.get("address").asText()
              + " "
              + h.get("country").asText()
              + " "
              + h.get("verdict").asText());
    }
    assertThat(hops)
        .containsExactly(
            "1 198.51.100.1 NO inside",
            "2 203.0.113.2 GB outside",
            "3 198.51.100.10 NO inside",
            "4 192.0.2.2 NO inside");
    assertThat(route.at("/hops/1/asn").asLong()).isEqualTo(5459);
    JsonNode f = finding(evidence, "PATH-RESIDENCY");
    assertThat(f.get("status").asText()).isEqualTo("FAIL");
    assertThat(f.get("observed").asText())
        .contains("hop 2 203.0.113.2 is located in GB, 203.0.113.0/30, AS5459 LINX")
        .contains("OUTSIDE the allowed area (policy eea)")
        .contains("4 hop(s), 4 located in NO, GB, 0 private, 0 without an answer");
    // the mirror copies to the DR host: its route to the ssh port is traced and judged as well
    JsonNode mirror = evidence.at("/pairs/0/path/routes/1");
    assertThat(mirror.get("role").asText()).isEqualTo("mirror target");
    assertThat(mirror.get("port").asInt()).isEqualTo(22);
    assertThat(mirror.get("reached").asBoolean()).isTrue();
    assertThat(finding(evidence, "PATH-MIRROR").get("status").asText()).isEqualTo("FAIL");

    Document html = Jsoup.parse(out.resolve("report.html").toFile());
    assertThat(html.select("h4[id^=path-]").text())
        .isEqualTo("The route between primary and DR (traceroute)");
    assertThat(html.select("svg[aria-label^=Hops from the primary]").attr("aria-label"))
        .isEqualTo(
            "Hops from the primary to 192.0.2.2, in order, each with its country: NO, GB, NO, NO");
    assertThat(html.select("table.compact tr:contains(203.0.113.2)").text())
        .contains("GB")
        .contains("AS5459 LINX")
        .contains("OUTSIDE the allowed area");
    try (PDDocument pdf = Loader.loadPDF(out.resolve("report.pdf").toFile())) {
      assertThat(new PDFTextStripper().getText(pdf))
          .contains("PATH-RESIDENCY")
          .contains("203.0.113.2");
    }

    Path nb = root.resolve("london-nb");
    CliRun report =
        CliRun.of(
            "report",
            "--from",
            out.resolve("evidence.json").toString(),
            "--lang",
            "nb",
            "--out",
            nb.toString());
    assertThat(report.exitCode()).as(report.err()).isEqualTo(1);
    Document norsk = Jsoup.parse(nb.resolve("report.html").toFile());
    assertThat(norsk.select("h4[id^=path-]").text())
        .isEqualTo("Veien mellom primær og DR (traceroute)");
    assertThat(norsk.text())
        .contains(
            "ledd 2 203.0.113.2 er stedfestet i GB, 203.0.113.0/30, AS5459 LINX, UTENFOR det tillatte området")
        .contains("Be operatørene om en vei som holder seg i det tillatte området");
  }

  /**
   * Through {@code path.command} (what a user whose art32 runs elsewhere sets; here it enters the
   * primary's namespace again), with every located hop in the EEA: a router that does not answer
   * makes the route a WARN naming the hop, never a PASS and never a guess at where it is.
   */
  @Test
  void aRouterThatDoesNotAnswerWarnsThroughThePathCommand() throws Exception {
    Shell.Result silence =
        Shell.run(
            List.of(
                "ip",
                "netns",
                "exec",
                net.of("r3"),
                "iptables",
                "-w",
                "-A",
                "OUTPUT",
                "-p",
                "icmp",
                "--icmp-type",
                "time-exceeded",
                "-j",
                "DROP"),
            Duration.ofSeconds(30),
            Map.of());
    assumeTrue(silence.succeeded(), "iptables in a namespace: " + silence.output());
    try {
      Path out = root.resolve("silent");
      Shell.Result run =
          auditOnThePrimarysHost(
              config(
                  "silent",
                  nordic,
                  "ip netns exec "
                      + net.of("p")
                      + " traceroute -n -T -p {port} -q 1 -w 1 -m 8 {host}"),
              out);
      assertThat(run.output()).doesNotContain("internal error");
      JsonNode evidence = JSON.readTree(out.resolve("evidence.json").toFile());
      JsonNode route = evidence.at("/pairs/0/path/routes/0");
      assertThat(route.get("tracedFrom").asText())
          .startsWith("the primary's host through path.command: ip netns exec " + net.of("p"));
      assertThat(route.at("/hops/2/verdict").asText()).isEqualTo("no answer");
      assertThat(route.at("/hops/2/address").isNull()).isTrue();
      JsonNode f = finding(evidence, "PATH-RESIDENCY");
      assertThat(f.get("status").asText()).isEqualTo("WARN");
      assertThat(f.get("observed").asText())
          .contains("hop(s) 3 did not answer")
          .contains("3 located in NO, SE")
          .contains("1 without an answer");
    } finally {
      Shell.run(
          List.of("ip", "netns", "exec", net.of("r3"), "iptables", "-w", "-F", "OUTPUT"),
          Duration.ofSeconds(30),
          Map.of());
    }
  }
}
