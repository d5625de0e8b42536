package eu.art32.report;

import eu.art32.Art32Exception;
import eu.art32.EnvironmentException;
import eu.art32.UsageException;
import eu.art32.rules.Resources;
import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.Environment;
import freemarker.core.HTMLOutputFormat;
import freemarker.core.ParseException;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Renders the report HTML from the evidence model with FreeMarker. Templates are .ftlh, so every
 * value is HTML-escaped; they only format, every verdict arrives computed.
 */
public final class ReportRenderer {
  private final Configuration freemarker;

  public ReportRenderer(Resources templates) {
    freemarker = new Configuration(Configuration.VERSION_2_3_34);
    freemarker.setDefaultEncoding("UTF-8");
    freemarker.setOutputFormat(HTMLOutputFormat.INSTANCE);
    freemarker.setRecognizeStandardFileExtensions(true);
    freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    freemarker.setLogTemplateExceptions(false);
    freemarker.setWrapUncheckedExceptions(true);
    freemarker.setFallbackOnNullLoopVariable(false);
    freemarker.setLocale(Locale.ROOT);
    freemarker.setNumberFormat("computer");
    freemarker.setTemplateLoader(loader(templates));
  }

  private static TemplateLoader loader(Resources templates) {
    TemplateLoader packaged =
        new ClassTemplateLoader(ReportRenderer.class, "/" + templates.folder());
    if (templates.overrideDir() == null) {
      return packaged;
    }
    try {
      return new MultiTemplateLoader(
          new TemplateLoader[] {
            new FileTemplateLoader(templates.overrideDir().toFile()), packaged
          });
    } catch (IOException e) {
      throw new EnvironmentException(
          "cannot read templates from " + templates.overrideDir() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses every template of the override folder (what {@code --templates} names), so a broken one
   * is found before a run, not after a drill: the first problem, with the template and its line.
   */
  public static void checkTemplates(Resources templates) {
    if (templates.overrideDir() == null) {
      return;
    }
    ReportRenderer renderer = new ReportRenderer(templates);
    Path dir = templates.overrideDir();
    if (!Files.isDirectory(dir)) {
      throw new UsageException("--templates " + dir + ": not a directory");
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file :
          files.filter(f -> f.toString().matches(".*\\.ftl[hx]?$")).sorted().toList()) {
        String name = dir.relativize(file).toString();
        try {
          renderer.freemarker.getTemplate(name);
        } catch (ParseException e) {
          throw new UsageException(
              "--templates "
                  + file
                  + ":"
                  + e.getLineNumber()
                  + ":"
                  + e.getColumnNumber()
                  + ": "
                  + Art32Exception.firstLine(e.getEditorMessage()));
        }
      }
    } catch (IOException e) {
      throw new UsageException(
          "--templates " + dir + ": cannot read: " + Art32Exception.firstLine(e.getMessage()));
    }
  }

  public String render(String templateName, Map<String, Object> model) {
    return render(templateName, model, Locale.ROOT);
  }

  /** Renders with numbers formatted for {@code locale} (grouping and decimal separator). */
  public String render(String templateName, Map<String, Object> model, Locale locale) {
    try {
      Template template = freemarker.getTemplate(templateName);
      StringWriter out = new StringWriter();
      Environment env = template.createProcessingEnvironment(model, out);
      env.setLocale(locale);
      env.setNumberFormat("#,##0.###");
      env.process();
      return ControlCharacters.visible(out.toString());
    } catch (TemplateException e) {
      throw new EnvironmentException(
          "template "
              + templateName
              + " failed at line "
              + e.getLineNumber()
              + ": "
              + Art32Exception.firstLine(e.getMessageWithoutStackTop()),
          e);
    } catch (IOException e) {
      throw new EnvironmentException(
          "cannot load template " + templateName + ": " + Art32Exception.firstLine(e.getMessage()),
          e);
    }
  }
}
