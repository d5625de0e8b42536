package eu.art32.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the {@code [client]} group of a MySQL option file (such as ~/.my.cnf), the way the MySQL
 * and MariaDB clients do: {@code key=value}, optional quotes, {@code #} and {@code ;} comments,
 * {@code -} and {@code _} alike in keys. Later groups named {@code [art32]} override.
 */
public final class OptionFile {
  private OptionFile() {}

  public static Map<String, String> clientOptions(Path file) {
    Map<String, String> client = new HashMap<>();
    Map<String, String> own = new HashMap<>();
    Map<String, String> current = null;
    for (String raw : TextFile.read(file, "option file").split("\r?\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        String group = line.substring(1, line.length() - 1).strip().toLowerCase(Locale.ROOT);
        current =
            switch (group) {
              case "client" -> client;
              case "art32" -> own;
              default -> null;
            };
        continue;
      }
      if (current == null) {
        continue;
      }
      int equals = line.indexOf('=');
      String key = (equals < 0 ? line : line.substring(0, equals)).strip().replace('-', '_');
      String value = equals < 0 ? "" : unquote(line.substring(equals + 1).strip());
      current.put(key.toLowerCase(Locale.ROOT), value);
    }
    client.putAll(own);
    return client;
  }

  private static String unquote(String value) {
    if (value.length() >= 2
        && (value.startsWith("\"") && value.endsWith("\"")
            || value.startsWith("'") && value.endsWith("'"))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }
}
