package eu.art32.evidence;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Says a {@link Text} in one language from the message bundles ({@code say.<key>}, values in {@code
 * {0}}, {@code {1}}, ...), with numbers formatted for that language: decimal comma in bokmål, never
 * a grouping separator, at most three decimals. The English words recorded in the evidence come
 * from here too, so the bundles are the only place a check's sentences are written.
 */
public final class Catalogue {
  private static final Map<String, Catalogue> BY_LANGUAGE = new ConcurrentHashMap<>();

  private final Locale locale;
  private final ResourceBundle bundle;

  private Catalogue(String language) {
    this.locale = Locale.forLanguageTag(language);
    this.bundle =
        ResourceBundle.getBundle(
            "i18n.messages",
            locale,
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
  }

  public static Catalogue of(String language) {
    return BY_LANGUAGE.computeIfAbsent(language, Catalogue::new);
  }

  public static Catalogue english() {
    return of("en");
  }

  /** The bundle's words under {@code key}; a key the bundle lacks fails. */
  public String word(String key) {
    try {
      return bundle.getString(key);
    } catch (MissingResourceException e) {
      throw new IllegalStateException(
          "i18n/messages_" + locale.getLanguage() + " has no " + key, e);
    }
  }

  /** The words of {@code text}; a key the bundle lacks fails, so no check can say nothing. */
  public String say(Text text) {
    StringBuilder out = new StringBuilder();
    if (text.key().equals(Text.CONCAT)) {
      text.args().forEach(arg -> out.append(value(arg)));
      return out.toString();
    }
    if (text.key().startsWith(Text.WORD)) {
      String key = text.key().substring(Text.WORD.length());
      return bundle.containsKey(key) ? bundle.getString(key) : value(text.args().get(0));
    }
    String pattern;
    try {
      pattern = bundle.getString("say." + text.key());
    } catch (MissingResourceException e) {
      throw new IllegalStateException(
          "i18n/messages_" + locale.getLanguage() + " has no say." + text.key(), e);
    }
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      int close = c == '{' ? pattern.indexOf('}', i) : -1;
      if (close > i && pattern.substring(i + 1, close).chars().allMatch(Character::isDigit)) {
        int index = Integer.parseInt(pattern.substring(i + 1, close));
        out.append(index < text.args().size() ? value(text.args().get(index)) : "");
        i = close;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** A number as this language writes it: {@code 131.717} in English, {@code 131,717} in bokmål. */
  public String number(Number n) {
    DecimalFormat format = new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(locale));
    return format.format(n);
  }

  private String value(Object arg) {
    return switch (arg) {
      case Text t -> say(t);
      case Number n -> number(n);
      default -> String.valueOf(arg);
    };
  }
}
