package eu.art32.report;

import com.openhtmltopdf.pdfboxout.PdfBoxRenderer;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import eu.art32.EnvironmentException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
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

  /** sRGB output intent for PDF/A, from the JDK's own profile. */
  private static final byte[] SRGB =
      java.awt.color.ICC_Profile.getInstance(java.awt.color.ColorSpace.CS_sRGB).getData();

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
  public byte[] render(
      String html, String title, java.nio.file.Path baseDir, Attachment attachment) {
    Document document = Jsoup.parse(html);
    document.title(title);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PdfRendererBuilder builder = new PdfRendererBuilder();
    builder.useFastMode();
    builder.usePdfAConformance(PdfRendererBuilder.PdfAConformance.PDFA_3_U);
    builder.useColorProfile(SRGB);
    builder.usePdfUaAccessibility(true);
    builder.withProducer("art32 (openhtmltopdf)");
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
    org.w3c.dom.Document dom = new W3CDom().fromJsoup(document);
    addBookmarks(dom);
    describeFigures(dom);
    builder.withW3cDocument(
        dom, baseDir == null ? "/" : baseDir.toAbsolutePath().toUri().toString());
    try (PdfBoxRenderer renderer = builder.buildPdfRenderer()) {
      renderer.createPDFWithoutClosing();
      try (org.apache.pdfbox.pdmodel.PDDocument doc = renderer.getPdfDocument()) {
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
    org.w3c.dom.Element head = (org.w3c.dom.Element) dom.getElementsByTagName("head").item(0);
    if (head == null) {
      return;
    }
    // the headings are collected before any element is created: creating one changes the
    // document, which makes Xerces walk the whole tree again on the next list access
    List<org.w3c.dom.Element> headings = new ArrayList<>();
    org.w3c.dom.NodeList all = dom.getElementsByTagName("*");
    for (int i = 0, n = all.getLength(); i < n; i++) {
      org.w3c.dom.Element e = (org.w3c.dom.Element) all.item(i);
      String tag = e.getTagName();
      if ((tag.equals("h2") || tag.equals("h3")) && !e.getAttribute("id").isEmpty()) {
        headings.add(e);
      }
    }
    org.w3c.dom.Element bookmarks = dom.createElement("bookmarks");
    org.w3c.dom.Element current = null;
    for (org.w3c.dom.Element e : headings) {
      String tag = e.getTagName();
      org.w3c.dom.Element mark = dom.createElement("bookmark");
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
    org.w3c.dom.NodeList svgs = dom.getElementsByTagName("svg");
    for (int i = 0, n = svgs.getLength(); i < n; i++) {
      org.w3c.dom.Element svg = (org.w3c.dom.Element) svgs.item(i);
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
  static void describeLinks(
      org.apache.pdfbox.pdmodel.PDDocument doc,
      org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification attached)
      throws IOException {
    var root = doc.getDocumentCatalog().getStructureTreeRoot();
    var parents = root == null ? null : root.getParentTree();
    for (org.apache.pdfbox.pdmodel.PDPage page : doc.getPages()) {
      for (var annotation : page.getAnnotations()) {
        if (!(annotation
            instanceof org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink link)) {
          continue;
        }
        var element = structureOf(parents, link.getStructParent());
        String text = element == null ? null : element.getAlternateDescription();
        String uri =
            link.getAction()
                    instanceof org.apache.pdfbox.pdmodel.interactive.action.PDActionURI action
                ? action.getURI()
                : null;
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
  private static org.apache.pdfbox.pdmodel.documentinterchange.logicalstructure.PDStructureElement
      structureOf(org.apache.pdfbox.pdmodel.common.PDNumberTreeNode parents, int key)
          throws IOException {
    if (parents == null || key < 0) {
      return null;
    }
    Object value = parents.getValue(key);
    org.apache.pdfbox.cos.COSBase base =
        value instanceof org.apache.pdfbox.pdmodel.common.COSObjectable o ? o.getCOSObject() : null;
    if (base instanceof org.apache.pdfbox.cos.COSObject indirect) {
      base = indirect.getObject();
    }
    return base instanceof org.apache.pdfbox.cos.COSDictionary dict
        ? new org.apache.pdfbox.pdmodel.documentinterchange.logicalstructure.PDStructureElement(
            dict)
        : null;
  }

  /**
   * Makes a link annotation a file attachment annotation in place (the structure tree keeps
   * pointing at the same object), with an empty appearance (the link's words are drawn on the page
   * already; PDF/A asks every annotation but a link for an appearance) and tagged Annot.
   */
  private static void toAttachment(
      org.apache.pdfbox.pdmodel.PDDocument doc,
      org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink link,
      org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification attached,
      org.apache.pdfbox.pdmodel.documentinterchange.logicalstructure.PDStructureElement element) {
    org.apache.pdfbox.cos.COSDictionary dict = link.getCOSObject();
    dict.setName(org.apache.pdfbox.cos.COSName.SUBTYPE, "FileAttachment");
    dict.removeItem(org.apache.pdfbox.cos.COSName.A);
    dict.removeItem(org.apache.pdfbox.cos.COSName.getPDFName("Border"));
    dict.removeItem(org.apache.pdfbox.cos.COSName.getPDFName("H"));
    dict.setItem(org.apache.pdfbox.cos.COSName.FS, attached);
    dict.setName(org.apache.pdfbox.cos.COSName.NAME, "Paperclip");
    var rect = link.getRectangle();
    var form = new org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceStream(doc);
    form.setBBox(
        new org.apache.pdfbox.pdmodel.common.PDRectangle(rect.getWidth(), rect.getHeight()));
    form.setResources(new org.apache.pdfbox.pdmodel.PDResources());
    var appearance = new org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceDictionary();
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
  static org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification attach(
      org.apache.pdfbox.pdmodel.PDDocument doc, Attachment file) {
    try {
      var embedded =
          new org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile(
              doc, new java.io.ByteArrayInputStream(file.content()));
      embedded.setSubtype(file.mime());
      embedded.setSize(file.content().length);
      java.util.Calendar now =
          java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC"));
      embedded.setModDate(now);
      embedded.setCreationDate(now);
      var spec =
          new org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification();
      spec.setFile(file.name());
      spec.setFileUnicode(file.name());
      spec.setFileDescription(file.description());
      spec.setEmbeddedFile(embedded);
      spec.setEmbeddedFileUnicode(embedded);
      spec.getCOSObject()
          .setName(org.apache.pdfbox.cos.COSName.getPDFName("AFRelationship"), "Data");
      var tree = new org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode();
      tree.setNames(java.util.Map.of(file.name(), spec));
      var names = new org.apache.pdfbox.pdmodel.PDDocumentNameDictionary(doc.getDocumentCatalog());
      names.setEmbeddedFiles(tree);
      doc.getDocumentCatalog().setNames(names);
      org.apache.pdfbox.cos.COSArray af = new org.apache.pdfbox.cos.COSArray();
      af.add(spec.getCOSObject());
      doc.getDocumentCatalog()
          .getCOSObject()
          .setItem(org.apache.pdfbox.cos.COSName.getPDFName("AF"), af);
      return spec;
    } catch (IOException e) {
      throw new EnvironmentException(
          "cannot attach " + file.name() + " to the PDF report: " + e.getMessage(), e);
    }
  }

  private static final java.util.Map<String, byte[]> FONT_BYTES =
      new java.util.concurrent.ConcurrentHashMap<>();

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
                throw new java.io.UncheckedIOException(e);
              }
            });
    return new java.io.ByteArrayInputStream(font);
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
