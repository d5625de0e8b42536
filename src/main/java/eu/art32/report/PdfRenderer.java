package eu.art32.report;

import com.openhtmltopdf.pdfboxout.PdfBoxRenderer;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer;
import com.openhtmltopdf.util.XRLog;
import eu.art32.EnvironmentException;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.COSObjectable;
import org.apache.pdfbox.pdmodel.common.PDNumberTreeNode;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.documentinterchange.logicalstructure.PDStructureElement;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceDictionary;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceStream;
import org.jsoup.Jsoup;
import org.jsoup.helper.W3CDom;
import org.jsoup.nodes.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

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
  private static final Logger PDFBOX_LOG = Logger.getLogger("org.apache.pdfbox");

  static {
    XRLog.setLoggingEnabled(false);
    PDFBOX_LOG.setLevel(Level.SEVERE);
  }

  /** sRGB output intent for PDF/A, from the JDK's own profile. */
  private static final byte[] SRGB = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();

  /** A file embedded in the PDF/A-3 document (evidence.json). */
  public record Attachment(String name, byte[] content, String mime, String description) {}

  public byte[] render(String html, String title) {
    return render(html, title, null, null);
  }

  /**
   * Renders PDF/A-3u, tagged for accessibility, with fonts embedded and an sRGB output intent.
   * Relative links resolve against {@code baseDir}. The attachment, when given, is added to the
   * document openhtmltopdf built before it is saved, so the PDF is written once and never parsed
   * back.
   */
  public byte[] render(String html, String title, Path baseDir, Attachment attachment) {
    Document document = Jsoup.parse(html);
    document.title(title);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PdfRendererBuilder builder = new PdfRendererBuilder();
    builder.useFastMode();
    builder.usePdfAConformance(PdfRendererBuilder.PdfAConformance.PDFA_3_U);
    builder.useColorProfile(SRGB);
    builder.usePdfUaAccessibility(true);
    builder.withProducer("art32 (openhtmltopdf)");
    builder.useSVGDrawer(new BatikSVGDrawer());
    for (String[] font : FONTS) {
      String resource = font[0];
      builder.useFont(
          () -> open(resource),
          font[1],
          Integer.parseInt(font[2]),
          PdfRendererBuilder.FontStyle.NORMAL,
          true);
    }
    org.w3c.dom.Document dom = new W3CDom().fromJsoup(document);
    addBookmarks(dom);
    describeFigures(dom);
    builder.withW3cDocument(
        dom, baseDir == null ? "/" : baseDir.toAbsolutePath().toUri().toString());
    try (PdfBoxRenderer renderer = builder.buildPdfRenderer()) {
      renderer.createPDFWithoutClosing();
      try (PDDocument doc = renderer.getPdfDocument()) {
        var spec = attachment == null ? null : attach(doc, attachment);
        describeLinks(doc, spec);
        doc.save(out);
      }
    } catch (IOException e) {
      throw new EnvironmentException("cannot write the PDF report: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  /**
   * A PDF outline from the report's headings: every h2 with an id, the h3s with ids below it.
   * openhtmltopdf reads it from {@code head > bookmarks}, which HTML parsing would not keep.
   */
  static void addBookmarks(org.w3c.dom.Document dom) {
    Element head = (Element) dom.getElementsByTagName("head").item(0);
    if (head == null) {
      return;
    }
    // the headings are collected before any element is created: creating one changes the
    // document, which makes Xerces walk the whole tree again on the next list access
    List<Element> headings = new ArrayList<>();
    NodeList all = dom.getElementsByTagName("*");
    for (int i = 0, n = all.getLength(); i < n; i++) {
      Element e = (Element) all.item(i);
      String tag = e.getTagName();
      if ((tag.equals("h2") || tag.equals("h3")) && !e.getAttribute("id").isEmpty()) {
        headings.add(e);
      }
    }
    Element bookmarks = dom.createElement("bookmarks");
    Element current = null;
    for (Element e : headings) {
      String tag = e.getTagName();
      Element mark = dom.createElement("bookmark");
      mark.setAttribute("name", e.getTextContent().trim());
      mark.setAttribute("href", "#" + e.getAttribute("id"));
      if (tag.equals("h2") || current == null) {
        bookmarks.appendChild(mark);
        current = tag.equals("h2") ? mark : current;
      } else {
        current.appendChild(mark);
      }
    }
    head.appendChild(bookmarks);
  }

  /**
   * openhtmltopdf tags an inline SVG as a Figure and takes its alternative text (PDF/UA) from an
   * {@code alt} attribute, which HTML has no place for on an SVG: the report gives each chart
   * {@code role="img"} and an {@code aria-label}, as browsers and screen readers read it, and the
   * label becomes the Figure's text here.
   */
  static void describeFigures(org.w3c.dom.Document dom) {
    NodeList svgs = dom.getElementsByTagName("svg");
    for (int i = 0, n = svgs.getLength(); i < n; i++) {
      Element svg = (Element) svgs.item(i);
      if (!svg.getAttribute("aria-label").isEmpty()) {
        svg.setAttribute("alt", svg.getAttribute("aria-label"));
      }
    }
  }

  /**
   * Gives every link annotation the text PDF/UA asks of it (its Contents, from the link's title,
   * which openhtmltopdf put on the Link structure element), and turns the link to the attached file
   * into a file attachment annotation on the same spot, so a reader opens the embedded copy rather
   * than looking for a file beside the PDF.
   */
  static void describeLinks(PDDocument doc, PDComplexFileSpecification attached)
      throws IOException {
    var root = doc.getDocumentCatalog().getStructureTreeRoot();
    var parents = root == null ? null : root.getParentTree();
    for (PDPage page : doc.getPages()) {
      for (var annotation : page.getAnnotations()) {
        if (!(annotation instanceof PDAnnotationLink link)) {
          continue;
        }
        var element = structureOf(parents, link.getStructParent());
        String text = element == null ? null : element.getAlternateDescription();
        String uri = link.getAction() instanceof PDActionURI action ? action.getURI() : null;
        if (link.getContents() == null) {
          link.setContents(text != null ? text : uri != null ? uri : "link");
        }
        if (attached != null
            && uri != null
            && (uri.equals(attached.getFile()) || uri.endsWith("/" + attached.getFile()))) {
          toAttachment(doc, link, attached, element);
        }
      }
    }
  }

  /** The structure element a marked annotation belongs to, from the parent tree. */
  private static PDStructureElement structureOf(PDNumberTreeNode parents, int key)
      throws IOException {
    if (parents == null || key < 0) {
      return null;
    }
    Object value = parents.getValue(key);
    COSBase base = value instanceof COSObjectable o ? o.getCOSObject() : null;
    if (base instanceof COSObject indirect) {
      base = indirect.getObject();
    }
    return base instanceof COSDictionary dict ? new PDStructureElement(dict) : null;
  }

  /**
   * Makes a link annotation a file attachment annotation in place (the structure tree keeps
   * pointing at the same object), with an empty appearance (the link's words are drawn on the page
   * already; PDF/A asks every annotation but a link for an appearance) and tagged Annot.
   */
  private static void toAttachment(
      PDDocument doc,
      PDAnnotationLink link,
      PDComplexFileSpecification attached,
      PDStructureElement element) {
    COSDictionary dict = link.getCOSObject();
    dict.setName(COSName.SUBTYPE, "FileAttachment");
    dict.removeItem(COSName.A);
    dict.removeItem(COSName.getPDFName("Border"));
    dict.removeItem(COSName.getPDFName("H"));
    dict.setItem(COSName.FS, attached);
    dict.setName(COSName.NAME, "Paperclip");
    var rect = link.getRectangle();
    var form = new PDAppearanceStream(doc);
    form.setBBox(new PDRectangle(rect.getWidth(), rect.getHeight()));
    form.setResources(new PDResources());
    var appearance = new PDAppearanceDictionary();
    appearance.setNormalAppearance(form);
    link.setAppearance(appearance);
    if (element != null) {
      element.setStructureType("Annot");
    }
  }

  /**
   * Attaches a file to a PDF/A-3 document: an embedded file with its MIME type, size and date, a
   * file specification with AFRelationship /Data, listed in the EmbeddedFiles name tree and in the
   * catalog's /AF array.
   */
  static PDComplexFileSpecification attach(PDDocument doc, Attachment file) {
    try {
      var embedded = new PDEmbeddedFile(doc, new ByteArrayInputStream(file.content()));
      embedded.setSubtype(file.mime());
      embedded.setSize(file.content().length);
      Calendar now = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
      embedded.setModDate(now);
      embedded.setCreationDate(now);
      var spec = new PDComplexFileSpecification();
      spec.setFile(file.name());
      spec.setFileUnicode(file.name());
      spec.setFileDescription(file.description());
      spec.setEmbeddedFile(embedded);
      spec.setEmbeddedFileUnicode(embedded);
      spec.getCOSObject().setName(COSName.getPDFName("AFRelationship"), "Data");
      var tree = new PDEmbeddedFilesNameTreeNode();
      tree.setNames(Map.of(file.name(), spec));
      var names = new PDDocumentNameDictionary(doc.getDocumentCatalog());
      names.setEmbeddedFiles(tree);
      doc.getDocumentCatalog().setNames(names);
      COSArray af = new COSArray();
      af.add(spec.getCOSObject());
      doc.getDocumentCatalog().getCOSObject().setItem(COSName.getPDFName("AF"), af);
      return spec;
    } catch (IOException e) {
      throw new EnvironmentException(
          "cannot attach " + file.name() + " to the PDF report: " + e.getMessage(), e);
    }
  }

  private static final Map<String, byte[]> FONT_BYTES = new ConcurrentHashMap<>();

  /**
   * A font from the jar with its glyph substitution table (GSUB) hidden: PDFBox runs every string
   * through GSUB, which took a tenth of the rendering time; the report's Latin and Norwegian text
   * needs no contextual forms, and without GSUB it is drawn glyph for character (no ligatures),
   * which also keeps copied text exact. Renaming the table's tag in the directory keeps the file
   * valid and sorted; a subset never copies it.
   */
  private static InputStream open(String resource) {
    byte[] font =
        FONT_BYTES.computeIfAbsent(
            resource,
            r -> {
              try (InputStream in = PdfRenderer.class.getResourceAsStream(r)) {
                if (in == null) {
                  throw new IllegalStateException("font missing from the jar: " + r);
                }
                return withoutGsub(in.readAllBytes());
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    return new ByteArrayInputStream(font);
  }

  static byte[] withoutGsub(byte[] font) {
    byte[] copy = font.clone();
    int tables = ((copy[4] & 0xff) << 8) | (copy[5] & 0xff);
    for (int i = 0; i < tables; i++) {
      int at = 12 + 16 * i;
      if (copy[at] == 'G' && copy[at + 1] == 'S' && copy[at + 2] == 'U' && copy[at + 3] == 'B') {
        copy[at + 3] = 'X';
      }
    }
    return copy;
  }
}
