package eu.art32.mirror;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the subset of Lua that lsyncd configurations are written in: {@code settings { ... }},
 * {@code settings = { ... }} and {@code sync { ... }} with tables of strings, numbers, booleans,
 * nested tables and dotted names such as {@code default.rsync}. Anything else is recorded as
 * unsupported with its line and skipped, never guessed at.
 */
final class LuaReader {
  private record Token(String kind, String text, int line) {}

  private final List<Token> tokens;
  private final List<String> unsupported = new ArrayList<>();
  private int pos;

  private LuaReader(String source) {
    this.tokens = tokenize(source);
  }

  static LsyncdConfig read(String source) {
    return new LuaReader(source).config();
  }

  private LsyncdConfig config() {
    Map<String, Object> settings = new LinkedHashMap<>();
    List<LsyncdConfig.Sync> syncs = new ArrayList<>();
    while (pos < tokens.size()) {
      Token t = tokens.get(pos);
      if (t.kind.equals("name") && (t.text.equals("settings") || t.text.equals("sync"))) {
        pos++;
        if (peek("=")) {
          pos++;
        } else if (peek("(")) {
          pos++;
        }
        if (!peek("{")) {
          skipStatement(t);
          continue;
        }
        Object table = value();
        if (peek(")")) {
          pos++;
        }
        if (table instanceof Map<?, ?> map) {
          @SuppressWarnings("unchecked")
          Map<String, Object> fields = (Map<String, Object>) map;
          if (t.text.equals("settings")) {
            settings.putAll(fields);
          } else {
            Object layer = fields.get("1");
            syncs.add(
                new LsyncdConfig.Sync(
                    t.line, layer == null ? null : String.valueOf(layer), fields));
          }
        }
      } else {
        skipStatement(t);
      }
    }
    return new LsyncdConfig(settings, syncs, unsupported);
  }

  /** Records an unsupported statement and skips to the next line. */
  private void skipStatement(Token t) {
    unsupported.add(
        "line "
            + t.line
            + ": "
            + t.text
            + (pos + 1 < tokens.size() ? " " + tokens.get(pos + 1).text : ""));
    int line = t.line;
    int depth = 0;
    while (pos < tokens.size() && (tokens.get(pos).line == line || depth > 0)) {
      String x = tokens.get(pos).text;
      if (x.equals("{") || x.equals("(")) {
        depth++;
      } else if ((x.equals("}") || x.equals(")")) && depth > 0) {
        depth--;
      }
      pos++;
    }
  }

  private boolean peek(String text) {
    return pos < tokens.size()
        && tokens.get(pos).kind.equals("punct")
        && tokens.get(pos).text.equals(text);
  }

  private Object value() {
    Token t = tokens.get(pos);
    switch (t.kind) {
      case "string" -> {
        pos++;
        if (peek("..")) {
          unsupported.add("line " + t.line + ": string concatenation (..)");
          while (pos < tokens.size() && !peek(",") && !peek("}") && !peek(";")) {
            pos++;
          }
          return null;
        }
        return t.text;
      }
      case "number" -> {
        pos++;
        return t.text.contains(".")
            ? (Object) Double.parseDouble(t.text)
            : (Object) Long.parseLong(t.text);
      }
      case "name" -> {
        pos++;
        if (t.text.equals("true") || t.text.equals("false")) {
          return Boolean.parseBoolean(t.text);
        }
        StringBuilder dotted = new StringBuilder(t.text);
        while (peek(".") && pos + 1 < tokens.size()) {
          pos++;
          dotted.append('.').append(tokens.get(pos++).text);
        }
        String name = dotted.toString();
        if (!name.startsWith("default.") && !name.equals("nil")) {
          unsupported.add("line " + t.line + ": variable or function '" + name + "'");
        }
        return name;
      }
      case "punct" -> {
        if (t.text.equals("{")) {
          return table();
        }
      }
      default -> {}
    }
    unsupported.add("line " + t.line + ": unexpected '" + t.text + "'");
    pos++;
    return null;
  }

  /** A table: a list when every entry is positional, else a map (positional keys "1", ...). */
  private Object table() {
    pos++;
    Map<String, Object> map = new LinkedHashMap<>();
    int index = 1;
    while (pos < tokens.size() && !peek("}")) {
      Token t = tokens.get(pos);
      String key = null;
      if (t.kind.equals("name")
          && pos + 1 < tokens.size()
          && tokens.get(pos + 1).text.equals("=")) {
        key = t.text;
        pos += 2;
      } else if (t.text.equals("[")
          && pos + 3 < tokens.size()
          && tokens.get(pos + 2).text.equals("]")) {
        key = tokens.get(pos + 1).text;
        pos += 4;
      }
      Object v = value();
      map.put(key == null ? Integer.toString(index++) : key, v);
      if (peek(",") || peek(";")) {
        pos++;
      }
    }
    pos++;
    if (!map.isEmpty() && map.keySet().stream().allMatch(k -> k.matches("\\d+"))) {
      return new ArrayList<>(map.values());
    }
    return map;
  }

  private static List<Token> tokenize(String s) {
    List<Token> out = new ArrayList<>();
    int line = 1;
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\n') {
        line++;
        i++;
      } else if (Character.isWhitespace(c)) {
        i++;
      } else if (s.startsWith("--[[", i)) {
        int end = s.indexOf("]]", i);
        end = end < 0 ? s.length() : end + 2;
        line += count(s, i, end);
        i = end;
      } else if (s.startsWith("--", i)) {
        while (i < s.length() && s.charAt(i) != '\n') {
          i++;
        }
      } else if (s.startsWith("[[", i)) {
        int end = s.indexOf("]]", i);
        end = end < 0 ? s.length() : end;
        out.add(new Token("string", s.substring(i + 2, end), line));
        line += count(s, i, end);
        i = Math.min(s.length(), end + 2);
      } else if (c == '"' || c == '\'') {
        StringBuilder b = new StringBuilder();
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != c) {
          if (s.charAt(j) == '\\' && j + 1 < s.length()) {
            j++;
            char e = s.charAt(j);
            b.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
          } else {
            b.append(s.charAt(j));
          }
          j++;
        }
        out.add(new Token("string", b.toString(), line));
        i = j + 1;
      } else if (Character.isDigit(c)) {
        int j = i;
        while (j < s.length() && (Character.isDigit(s.charAt(j)) || s.charAt(j) == '.')) {
          j++;
        }
        out.add(new Token("number", s.substring(i, j), line));
        i = j;
      } else if (Character.isLetter(c) || c == '_') {
        int j = i;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
          j++;
        }
        out.add(new Token("name", s.substring(i, j), line));
        i = j;
      } else if (s.startsWith("..", i)) {
        out.add(new Token("punct", "..", line));
        i += 2;
      } else {
        out.add(new Token("punct", String.valueOf(c), line));
        i++;
      }
    }
    return out;
  }

  private static int count(String s, int from, int to) {
    int n = 0;
    for (int k = from; k < to && k < s.length(); k++) {
      if (s.charAt(k) == '\n') {
        n++;
      }
    }
    return n;
  }
}
