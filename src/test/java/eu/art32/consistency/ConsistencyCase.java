package eu.art32.consistency;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One folder of src/test/resources/consistency-cases (its README says the format): the statements
 * that make the case's tables, the change planted on the replica, and what the check must report.
 */
record ConsistencyCase(
    String name, List<String> create, List<String> change, Map<String, Expected> tables) {

  /** What one table must show: its status after the change and before it, and the keys named. */
  record Expected(String status, String clean, List<String> keys) {}

  ConsistencyCase {
    create = List.copyOf(create);
    change = List.copyOf(change);
    tables = Map.copyOf(tables);
  }

  /** The database the case's tables live in. */
  String database() {
    return "case_" + name.replace('-', '_');
  }

  static List<ConsistencyCase> all() {
    try {
      Path root = Path.of(ConsistencyCase.class.getResource("/consistency-cases").toURI());
      try (Stream<Path> folders = Files.list(root)) {
        List<ConsistencyCase> cases = new ArrayList<>();
        for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
          cases.add(read(folder));
        }
        return cases;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static ConsistencyCase read(Path folder) throws IOException {
    String name = folder.getFileName().toString();
    Map<String, String[]> statuses = new LinkedHashMap<>();
    Map<String, List<String>> keys = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(folder.resolve("expect"));
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] words = line.split(" ", 3);
      String where = folder.resolve("expect") + ":" + (i + 1);
      if (words.length < 3) {
        throw new IllegalArgumentException(where + ": expected 'table T STATUS' or 'key T TEXT'");
      }
      switch (words[0]) {
        case "table" -> {
          String[] status = words[2].split(" ");
          statuses.put(words[1], new String[] {status[0], status.length > 1 ? status[1] : "MATCH"});
        }
        case "key" -> keys.computeIfAbsent(words[1], k -> new ArrayList<>()).add(words[2]);
        default -> throw new IllegalArgumentException(where + ": unknown word " + words[0]);
      }
    }
    Map<String, Expected> tables = new LinkedHashMap<>();
    statuses.forEach(
        (table, s) ->
            tables.put(table, new Expected(s[0], s[1], keys.getOrDefault(table, List.of()))));
    for (String table : keys.keySet()) {
      if (!tables.containsKey(table)) {
        throw new IllegalArgumentException(
            folder.resolve("expect") + ": keys of " + table + " without a 'table' line");
      }
    }
    return new ConsistencyCase(
        name,
        statements(folder.resolve("create.sql")),
        statements(folder.resolve("change.sql")),
        tables);
  }

  /** The statements of a file: each ends a line with ';' and may span lines. */
  private static List<String> statements(Path file) throws IOException {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(file)) {
      if (line.isBlank() || line.strip().startsWith("--")) {
        continue;
      }
      current.append(current.isEmpty() ? "" : "\n").append(line);
      if (line.stripTrailing().endsWith(";")) {
        String s = current.toString().strip();
        statements.add(s.substring(0, s.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.isEmpty()) {
      throw new IllegalArgumentException(file + ": the last statement does not end with ';'");
    }
    return statements;
  }
}
