package eu.art32.mirror;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * rsync-style exclude patterns as lsyncd passes them: {@code cache/} matches a directory named
 * cache anywhere, {@code /tmp/} only at the top, {@code *.tmp} any file name, {@code a/b} a path.
 */
final class Excludes {
  private record Rule(String pattern, boolean directoryOnly, boolean anchored, Pattern matcher) {}

  private final List<Rule> rules = new ArrayList<>();
  private final List<String> patterns;

  Excludes(List<String> patterns) {
    this.patterns = List.copyOf(patterns);
    for (String raw : patterns) {
      String p = raw.trim();
      if (p.isEmpty() || p.startsWith("#")) {
        continue;
      }
      boolean dir = p.endsWith("/");
      boolean anchored = p.startsWith("/");
      String body = p.replaceAll("^/+|/+$", "");
      rules.add(new Rule(body, dir, anchored, Pattern.compile(regex(body))));
    }
  }

  /** A glob as a regular expression: ** any path, * within one name, ? one character. */
  static String regex(String glob) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        out.append(".*");
        i++;
      } else if (c == '*') {
        out.append("[^/]*");
      } else if (c == '?') {
        out.append("[^/]");
      } else if ("\\.[]{}()+-^$|".indexOf(c) >= 0) {
        out.append('\\').append(c);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  List<String> patterns() {
    return patterns;
  }

  /** Whether {@code relative} (a path inside the tree) is excluded; {@code directory} for dirs. */
  boolean excluded(String relative, boolean directory) {
    String name =
        relative.contains("/") ? relative.substring(relative.lastIndexOf('/') + 1) : relative;
    for (Rule r : rules) {
      if (r.directoryOnly && !directory) {
        continue;
      }
      boolean hasSlash = r.pattern.contains("/");
      String candidate = r.anchored || hasSlash ? relative : name;
      if (r.matcher.matcher(candidate).matches()) {
        return true;
      }
    }
    return false;
  }
}
