package eu.art32.report;

/**
 * Text bound for XML, HTML or Markdown with its control characters made visible: XML 1.0 allows
 * none but tab, line feed and carriage return, not even escaped, so a pair name holding an ESC made
 * junit.xml unreadable to a CI gate. Each C0 control becomes its Unicode control picture (ESC is
 * ␛), DEL becomes ␡, C1 controls, lone surrogates and the two non-characters become �.
 */
final class ControlCharacters {
  private ControlCharacters() {}

  static String visible(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      char replacement = replacement(text, i);
      if (replacement != c && out == null) {
        out = new StringBuilder(text.length()).append(text, 0, i);
      }
      if (out != null) {
        out.append(replacement);
      }
      if (Character.isHighSurrogate(c) && replacement == c) {
        i++;
        if (out != null) {
          out.append(text.charAt(i));
        }
      }
    }
    return out == null ? text : out.toString();
  }

  /** The character to write for the one at {@code i} (itself when it may stand). */
  private static char replacement(String text, int i) {
    char c = text.charAt(i);
    if (c < 0x20) {
      return c == '\t' || c == '\n' || c == '\r' ? c : (char) (0x2400 + c);
    }
    if (c == 0x7F) {
      return '\u2421';
    }
    if ((c >= 0x80 && c <= 0x9F) || c == '\uFFFE' || c == '\uFFFF') {
      return '\uFFFD';
    }
    if (Character.isHighSurrogate(c)) {
      return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1)) ? c : '\uFFFD';
    }
    return Character.isLowSurrogate(c) ? '\uFFFD' : c;
  }
}
