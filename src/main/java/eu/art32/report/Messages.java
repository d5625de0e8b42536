package eu.art32.report;

import eu.art32.UsageException;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateNumberModel;
import freemarker.template.TemplateScalarModel;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

/**
 * The report's texts in one language (i18n/messages_en, messages_nb), with numbers and dates
 * formatted for that locale. Templates read {@code m["key"]} and call {@code t("key", args...)}.
 */
public final class Messages {
  public static final List<String> LANGUAGES = List.of("en", "nb");

  private final Locale locale;
  private final Map<String, String> texts = new LinkedHashMap<>();

  public Messages(String language) {
    if (!LANGUAGES.contains(language)) {
      throw new UsageException(
          "--lang: expected one of " + String.join(", ", LANGUAGES) + ", found '" + language + "'");
    }
    this.locale = Locale.forLanguageTag(language);
    ResourceBundle bundle = ResourceBundle.getBundle("i18n.messages", locale, Control.NO_FALLBACK);
    for (String key : bundle.keySet()) {
      texts.put(key, bundle.getString(key));
    }
  }

  /** Bundles without falling back to the JVM's default locale. */
  private static final class Control extends ResourceBundle.Control {
    static final Control NO_FALLBACK = new Control();

    @Override
    public Locale getFallbackLocale(String baseName, Locale locale) {
      return null;
    }
  }

  public Locale locale() {
    return locale;
  }

  public String language() {
    return locale.getLanguage();
  }

  public Map<String, String> texts() {
    return texts;
  }

  public String text(String key, Object... args) {
    String text = texts.getOrDefault(key, key);
    for (int i = 0; i < args.length; i++) {
      text =
          text.replace(
              "{" + i + "}", args[i] instanceof Number n ? number(n) : String.valueOf(args[i]));
    }
    return text;
  }

  public String number(Number n) {
    DecimalFormat format = new DecimalFormat("#,##0.###", DecimalFormatSymbols.getInstance(locale));
    return format.format(n);
  }

  public String dateTime(String iso) {
    if (iso == null || iso.isBlank()) {
      return "";
    }
    return DateTimeFormatter.ofPattern(texts.get("date.pattern"), locale)
            .withZone(ZoneOffset.UTC)
            .format(Instant.parse(iso))
        + " UTC";
  }

  /** {@code t("key", arg0, ...)} for templates. */
  TemplateMethodModelEx method() {
    return arguments -> {
      if (arguments.isEmpty()) {
        throw new TemplateModelException("t(key, args...) needs a key");
      }
      Object[] args = new Object[arguments.size() - 1];
      for (int i = 1; i < arguments.size(); i++) {
        TemplateModel model = (TemplateModel) arguments.get(i);
        args[i - 1] =
            model instanceof TemplateNumberModel n
                ? n.getAsNumber()
                : model instanceof TemplateScalarModel s ? s.getAsString() : String.valueOf(model);
      }
      return text(((TemplateScalarModel) arguments.get(0)).getAsString(), args);
    };
  }
}
