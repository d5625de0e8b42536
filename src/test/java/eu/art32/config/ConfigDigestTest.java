package eu.art32.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config digest covers every key: each value of the example config is changed one at a time,
 * and each key of the schema the example leaves out is set, and every change must change the digest
 * (and the printed config `art32 config check` shows). A key added to the schema without a case
 * here fails the test.
 */
class ConfigDigestTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  /** Values for the keys the example does not set, applied to the first pair. */
  private static Map<String, Consumer<ObjectNode>> additions(Path dir) throws Exception {
    Path optionFile = dir.resolve("client.cnf");
    Files.writeString(optionFile, "[client]\nuser=art32\npassword=from-the-file\n");
    Path ca = dir.resolve("ca.pem");
    Process openssl =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ed25519",
                "-nodes",
                "-subj",
                "/CN=art32 test",
                "-days",
                "1",
                "-keyout",
                dir.resolve("ca.key").toString(),
                "-out",
                ca.toString())
            .redirectErrorStream(true)
            .start();
    openssl.getInputStream().readAllBytes();
    assertThat(openssl.waitFor()).isZero();
    Map<String, Consumer<ObjectNode>> a = new LinkedHashMap<>();
    a.put("primary.ca", p -> node(p, "primary").put("ca", ca.toString()));
    a.put("replica.ca", p -> node(p, "replica").put("ca", ca.toString()));
    a.put(
        "primary.optionFile",
        p -> {
          node(p, "primary").remove("password");
          node(p, "primary").put("optionFile", optionFile.toString());
        });
    a.put(
        "replica.optionFile",
        p -> {
          node(p, "replica").remove("password");
          node(p, "replica").put("optionFile", optionFile.toString());
        });
    a.put("replica.site.publicIp", p -> node(p, "replica", "site").put("publicIp", "192.0.2.7"));
    a.put("objectives.drillInterval", p -> node(p, "objectives").put("drillInterval", "30d"));
    a.put("mirror.remoteShell", p -> node(p, "mirror").put("remoteShell", "ssh -p 2222"));
    a.put("latency.warmup", p -> node(p, "latency").put("warmup", 7));
    a.put("heartbeat.enabled", p -> node(p, "heartbeat").put("enabled", false));
    a.put("heartbeat.schema", p -> node(p, "heartbeat").put("schema", "hb_elsewhere"));
    a.put("consistency.enabled", p -> node(p, "consistency").put("enabled", false));
    a.put("consistency.smallTableRows", p -> node(p, "consistency").put("smallTableRows", 777));
    a.put("consistency.lockWaitTimeout", p -> node(p, "consistency").put("lockWaitTimeout", "7s"));
    a.put("consistency.chunkTime", p -> node(p, "consistency").put("chunkTime", "2s"));
    a.put("backup.tool", p -> node(p, "backup").put("tool", "/opt/bin/mariadb-backup"));
    a.put("backup.timeout", p -> node(p, "backup").put("timeout", "7m"));
    a.put("drill.canarySchema", p -> node(p, "drill").put("canarySchema", "canary_elsewhere"));
    a.put("drill.manager", p -> node(p, "drill").put("manager", "MHA 0.58 masterha_manager"));
    a.put(
        "drill.detectTimeout",
        p -> node(p, "drill").put("promotion", "external").put("detectTimeout", "45s"));
    a.put(
        "drill.healthCheck.sql",
        p -> {
          node(p, "drill", "healthCheck").remove("http");
          node(p, "drill", "healthCheck").put("sql", "SELECT 1 FROM shop.customers LIMIT 1");
        });
    a.put(
        "drill.healthCheck.tcp",
        p -> {
          node(p, "drill", "healthCheck").remove("http");
          node(p, "drill", "healthCheck").put("tcp", "shop.staging.example.no:443");
        });
    a.put(
        "drill.replication.optionFile",
        p -> {
          node(p, "drill", "replication").remove("password");
          node(p, "drill", "replication").remove("user");
          node(p, "drill", "replication").put("optionFile", optionFile.toString());
        });
    a.put(
        "drill.replication.primaryHost",
        p -> node(p, "drill", "replication").put("primaryHost", "10.0.0.1"));
    a.put(
        "drill.replication.replicaHost",
        p -> node(p, "drill", "replication").put("replicaHost", "10.0.0.2"));
    return a;
  }

  /** Another valid value for a key whose values are few (the second when it is the first). */
  private static final Map<String, String> OTHER =
      Map.ofEntries(
          Map.entry("environment", "production|staging"),
          Map.entry("tls", "preferred"),
          Map.entry("fault", "kill"),
          Map.entry("promotion", "builtin"),
          Map.entry("failback", "swap"),
          Map.entry("on", "primary"),
          Map.entry("policy", "eea+adequacy"),
          Map.entry("node", "primary"),
          Map.entry("country", "SE"),
          Map.entry("publicIp", "203.0.113.77"));

  @Test
  void everyKeyOfTheExampleAndOfTheSchemaChangesTheDigest(@TempDir Path dir) throws Exception {
    JsonNode example = YAML.readTree(ConfigLoaderTest.EXAMPLES.resolve("art32.yaml").toFile());
    Map<String, String> env = new HashMap<>(ConfigLoaderTest.ENV);
    Art32Config base = load(dir, example, env);
    String digest = ConfigDigest.of(base);
    String printed = ConfigPrinter.print(base);
    assertThat(ConfigDigest.canonical(base))
        .as("secrets enter by their source only")
        .doesNotContain("s3cret")
        .contains("<redacted: env ART32_SHOP_PASSWORD>");

    List<String> failures = new ArrayList<>();
    TreeSet<String> covered = new TreeSet<>();
    List<String[]> leaves = new ArrayList<>();
    leaves(example, "", leaves);
    for (String[] leaf : leaves) {
      String path = leaf[0];
      JsonNode changed = example.deepCopy();
      String key = change(changed, path, env);
      covered.add(schemaPath(path));
      check(dir, changed, env, path + " (" + key + ")", digest, printed, failures);
    }
    for (var addition : additions(dir).entrySet()) {
      JsonNode changed = example.deepCopy();
      addition.getValue().accept((ObjectNode) changed.path("pairs").path(0));
      covered.add("pairs[]." + addition.getKey());
      check(dir, changed, env, "added " + addition.getKey(), digest, printed, failures);
    }

    assertThat(failures).as("changes the digest or the printed config missed").isEmpty();
    TreeSet<String> schemaKeys = new TreeSet<>();
    schemaLeaves(
        new ObjectMapper().readTree(ConfigSchema.text()), "", schemaKeys, ConfigSchemaDefs.of());
    schemaKeys.removeIf(
        k -> schemaKeys.stream().anyMatch(o -> o.startsWith(k + ".") || o.startsWith(k + "[].")));
    schemaKeys.remove("version");
    assertThat(schemaKeys).as("the schema's leaf keys").hasSizeGreaterThan(80);
    schemaKeys.removeAll(covered);
    assertThat(schemaKeys).as("schema keys with no case in this test").isEmpty();
  }

  private static void check(
      Path dir,
      JsonNode changed,
      Map<String, String> env,
      String what,
      String digest,
      String printed,
      List<String> failures)
      throws Exception {
    Art32Config config;
    try {
      config = load(dir, changed, env);
    } catch (ConfigException e) {
      failures.add(what + ": the changed config does not load: " + e.problems());
      return;
    }
    if (ConfigDigest.of(config).equals(digest)) {
      failures.add(what + ": digest unchanged");
    }
    if (ConfigPrinter.print(config).equals(printed)) {
      failures.add(what + ": printed config unchanged");
    }
  }

  private static Art32Config load(Path dir, JsonNode tree, Map<String, String> env)
      throws Exception {
    Path file = dir.resolve("art32.yaml");
    Files.writeString(file, YAML.writeValueAsString(tree));
    return new ConfigLoader(env, ConfigLoaderTest.DEFAULTS).load(file);
  }

  /** Every scalar of the tree with its path (a.b[0].c). */
  private static void leaves(JsonNode node, String path, List<String[]> out) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        var e = it.next();
        if (!path.isEmpty() || !e.getKey().equals("version")) {
          leaves(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out);
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        leaves(node.get(i), path + "[" + i + "]", out);
      }
    } else {
      out.add(new String[] {path});
    }
  }

  /** Changes the scalar at {@code path} to another valid value; returns the key changed. */
  private static String change(JsonNode root, String path, Map<String, String> env) {
    List<Object> steps = new ArrayList<>();
    Matcher m = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)\\]").matcher(path);
    while (m.find()) {
      steps.add(m.group(1) != null ? m.group(1) : (Object) Integer.parseInt(m.group(2)));
    }
    JsonNode parent = root;
    for (int i = 0; i < steps.size() - 1; i++) {
      Object s = steps.get(i);
      parent = s instanceof Integer n ? parent.get(n) : parent.get((String) s);
    }
    Object last = steps.get(steps.size() - 1);
    String key = last instanceof String k ? k : String.valueOf(steps.get(steps.size() - 2));
    JsonNode value = last instanceof Integer n ? parent.get(n) : parent.get((String) last);
    JsonNode next = changed(key, value, env);
    if (key.equals("fault")) {
      ((ObjectNode) parent).remove("faultCommand"); // only used with fault: command
    }
    if (last instanceof Integer n) {
      ((ArrayNode) parent).set(n, next);
    } else {
      ((ObjectNode) parent).set((String) last, next);
    }
    return key;
  }

  private static JsonNode changed(String key, JsonNode value, Map<String, String> env) {
    if (value.isBoolean()) {
      return BooleanNode.valueOf(!value.asBoolean());
    }
    if (value.isInt()) {
      return IntNode.valueOf(value.asInt() + 1);
    }
    String text = value.asText();
    if (OTHER.containsKey(key)) {
      String[] choices = OTHER.get(key).split("\\|");
      return TextNode.valueOf(
          choices[0].equals(text) && choices.length > 1 ? choices[1] : choices[0]);
    }
    if (text.endsWith(".*")) {
      return TextNode.valueOf(text.replace(".*", "x.*"));
    }
    Matcher d = DURATION.matcher(text);
    if (d.matches()) {
      return TextNode.valueOf((Long.parseLong(d.group(1)) + 1) + d.group(2));
    }
    Matcher ref = Pattern.compile("\\$\\{env:([A-Z0-9_]+)}").matcher(text);
    if (ref.matches()) {
      env.put(ref.group(1) + "_OTHER", "another-secret");
      return TextNode.valueOf("${env:" + ref.group(1) + "_OTHER}");
    }
    return TextNode.valueOf(text + "x");
  }

  private static String schemaPath(String path) {
    return path.replaceAll("\\[\\d+\\]", "[]").replaceAll("\\[\\]$", "");
  }

  private static ObjectNode node(ObjectNode pair, String... path) {
    ObjectNode n = pair;
    for (String p : path) {
      n = n.has(p) ? (ObjectNode) n.get(p) : n.putObject(p);
    }
    return n;
  }

  /** The schema's leaf keys as paths like pairs[].primary.host. */
  private static void schemaLeaves(
      JsonNode node, String path, TreeSet<String> out, Map<String, JsonNode> defs) {
    if (node.has("$ref")) {
      String ref = node.get("$ref").asText();
      schemaLeaves(defs.get(ref.substring(ref.lastIndexOf('/') + 1)), path, out, defs);
      return;
    }
    for (String k : List.of("oneOf", "anyOf", "allOf")) {
      for (JsonNode sub : node.path(k)) {
        schemaLeaves(sub, path, out, defs);
      }
    }
    if (node.has("items")) {
      schemaLeaves(node.get("items"), path + "[]", out, defs);
    }
    JsonNode properties = node.path("properties");
    boolean container = false;
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      var e = it.next();
      container = true;
      schemaLeaves(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out, defs);
    }
    if (!container && !path.isEmpty() && !path.endsWith("[]")) {
      out.add(path);
    }
  }

  /** The schema's named definitions. */
  private static final class ConfigSchemaDefs {
    static Map<String, JsonNode> of() throws Exception {
      JsonNode schema = new ObjectMapper().readTree(ConfigSchema.text());
      JsonNode defs = schema.has("$defs") ? schema.get("$defs") : schema.path("definitions");
      Map<String, JsonNode> out = new HashMap<>();
      defs.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
      return out;
    }
  }
}
