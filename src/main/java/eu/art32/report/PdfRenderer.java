package eu.art32.report;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import eu.art32.EnvironmentException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.jsoup.Jsoup;
import org.jsoup.helper.W3CDom;
import org.jsoup.nodes.Document;

/**
 * Turns report HTML into PDF: jsoup parses the HTML5 into a W3C DOM, openhtmltopdf lays it out with
 * the DejaVu fonts shipped in the jar, embedded in the file.
 */
public final class PdfRenderer {
  private static final String[][] FONTS = {
    {"/fonts/DejaVuSans.ttf", "DejaVu Sans", "400"},
    {"/fonts/DejaVuSans-Bold.ttf", "DejaVu Sans", "700"},
    {"/fonts/DejaVuSansMono.ttf", "DejaVu Sans Mono", "400"},
  };

  /** Held so the level setting is not collected with the logger. */
  private static final java.util.logging.Logger PDFBOX_LOG =
      java.util.logging.Logger.getLogger("org.apache.pdfbox");

  static {
    com.openhtmltopdf.util.XRLog.setLoggingEnabled(false);
    PDFBOX_LOG.setLevel(java.util.logging.Level.SEVERE);
  }

  public byte[] render(String html, String title) {
    Document document = Jsoup.parse(html);
    document.title(title);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PdfRendererBuilder builder = new PdfRendererBuilder();
      builder.useFastMode();
      builder.useSVGDrawer(new com.openhtmltopdf.svgsupport.BatikSVGDrawer());
      for (String[] font : FONTS) {
        String resource = font[0];
        builder.useFont(
            () -> open(resource),
            font[1],
            Integer.parseInt(font[2]),
            PdfRendererBuilder.FontStyle.NORMAL,
            true);
      }
      builder.withW3cDocument(new W3CDom().fromJsoup(document), "/");
      builder.toStream(out);
      builder.run();
    } catch (IOException e) {
      throw new EnvironmentException("cannot write the PDF report: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  private static InputStream open(String resource) {
    InputStream in = PdfRenderer.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("font missing from the jar: " + resource);
    }
    return in;
  }
}
