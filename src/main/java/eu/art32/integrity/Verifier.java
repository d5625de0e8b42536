package eu.art32.integrity;

import eu.art32.Art32Exception;
import eu.art32.UsageException;
import eu.art32.evidence.EvidenceJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Checks a run directory or a history: every artifact against its SHA-256 in the manifest, the
 * signature when there is one (against a pinned public key when given), the PDF's attached evidence
 * and printed digest against evidence.json, files no manifest lists, every later render of a run
 * against the run it names, and in a history the chain of manifests up to its head. It says what it
 * proved: a changed byte, a removed run or runs out of order are each a problem; an unsigned run or
 * an unlisted file is a warning, which {@code strict} makes a problem.
 */
public final class Verifier {
  /**
   * The outcome: the account of what was proved (a line per run, render and chain), what was
   * checked, warnings and problems (each naming the run and the file), and the head: the SHA-256 of
   * the newest run's manifest.
   */
  public record Report(
      List<String> account,
      List<String> checked,
      List<String> warnings,
      List<String> problems,
      String head) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private final PublicKey pinned;
  private final X509Certificate pinnedTsa;
  private final String expectedHead;
  private final boolean strict;
  private final List<String> account = new ArrayList<>();
  private final List<String> checked = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();

  public Verifier(PublicKey pinned) {
    this(pinned, null, false);
  }

  /**
   * {@code expectedHead}: the manifest SHA-256 (or a prefix of at least 12 hex digits) the newest
   * run must have, or null; {@code strict}: warnings fail too.
   */
  public Verifier(PublicKey pinned, String expectedHead, boolean strict) {
    this(pinned, expectedHead, strict, null);
  }

  /** The same, with the time-stamping authority's certificate pinned ({@code --tsa-cert}). */
  public Verifier(
      PublicKey pinned, String expectedHead, boolean strict, X509Certificate pinnedTsa) {
    this.pinnedTsa = pinnedTsa;
    this.pinned = pinned;
    this.expectedHead = expectedHead == null ? null : expectedHead.toLowerCase(Locale.ROOT);
    this.strict = strict;
  }

  public static PublicKey readPublicKey(Path file) {
    try {
      return Signer.publicKey(Signer.pem(file));
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new UsageException("--public-key " + file + ": not an Ed25519 public key (PEM)");
    }
  }

  public Report verify(Path dir) {
    String head = null;
    String headRun = null;
    if (Files.isRegularFile(dir.resolve(Manifest.FILE))) {
      Manifest manifest = run(dir, false);
      if (manifest != null) {
        head = digest(dir.resolve(Manifest.FILE));
        headRun = manifest.runId();
      }
    } else {
      List<Path> runs = new History(dir).runs();
      if (runs.isEmpty() && !Files.exists(dir.resolve(Checkpoint.FILE))) {
        problems.add(dir + ": neither a run (no " + Manifest.FILE + ") nor a history of runs");
      }
      extrasInHistory(dir);
      Checkpoint checkpoint = checkpoint(dir);
      Manifest previous = null;
      Path previousDir = null;
      Manifest first = null;
      int chainProblems = problems.size();
      for (Path run : runs) {
        if (checkpoint != null && checkpoint.prunedRun(run.getFileName().toString())) {
          warnings.add(
              "history "
                  + dir
                  + ": run "
                  + run.getFileName()
                  + " is still present though "
                  + Checkpoint.FILE
                  + " records it pruned (an interrupted prune? prune again)");
          continue;
        }
        Manifest manifest = run(run, true);
        if (manifest != null) {
          if (previous == null && first == null && checkpoint != null) {
            fromCheckpoint(run, manifest, checkpoint);
          } else {
            chain(run, manifest, previous, previousDir);
          }
          first = first == null ? manifest : first;
        }
        previous = manifest;
        previousDir = run;
      }
      if (previous != null) {
        head = digest(previousDir.resolve(Manifest.FILE));
        headRun = previous.runId();
        account.add(
            "chain: "
                + runs.size()
                + " run(s) from "
                + first.runId()
                + " to "
                + previous.runId()
                + (problems.size() == chainProblems
                    ? ", each naming the manifest of the one before"
                    : ", NOT whole (see the problems)"));
      }
    }
    if (head != null) {
      account.add("head: " + headRun + ", manifest SHA-256 " + head);
    }
    if (expectedHead != null) {
      if (head == null || !head.startsWith(expectedHead) || expectedHead.length() < 12) {
        problems.add(
            "the newest run is "
                + (headRun == null ? "unknown" : headRun + " with manifest SHA-256 " + head)
                + ", not the head "
                + expectedHead
                + " that was given (--head"
                + (expectedHead.length() < 12 ? "; give at least 12 hex digits" : "")
                + ")");
      } else {
        checked.add("head " + head);
      }
    }
    List<String> failing = new ArrayList<>(problems);
    if (strict) {
      warnings.forEach(w -> failing.add(w + " (--strict)"));
    }
    return new Report(
        List.copyOf(account),
        List.copyOf(checked),
        strict ? List.of() : List.copyOf(warnings),
        List.copyOf(failing),
        head);
  }

  private Manifest run(Path dir, boolean inHistory) {
    Manifest manifest = files(dir, "run " + dir.getFileName());
    if (manifest == null) {
      return null;
    }
    String label = "run " + manifest.runId();
    StringBuilder line = new StringBuilder(label).append(": ");
    line.append(described(dir, manifest, label));
    account.add(line.toString());
    if (inHistory && !dir.getFileName().toString().equals(manifest.runId())) {
      problems.add(
          label + " is stored under " + dir + ": the directory is not named after the run");
    }
    Path renders = dir.resolve(History.RENDERS);
    if (inHistory && Files.isDirectory(renders)) {
      String source = digest(dir.resolve(Manifest.FILE));
      for (Path render : list(renders)) {
        if (Files.isDirectory(render)) {
          render(render, manifest, source);
        } else {
          warnings.add(label + ": " + render + " is in no manifest (an extra file)");
        }
      }
    }
    extras(dir, manifest, label, inHistory);
    return manifest;
  }

  /** A later rendering of {@code run}: its own files, and that it names the run's manifest. */
  private void render(Path dir, Manifest run, String runManifestSha256) {
    String label = "render " + run.runId() + "/" + History.RENDERS + "/" + dir.getFileName();
    Manifest manifest = files(dir, label);
    if (manifest == null) {
      return;
    }
    if (!run.runId().equals(manifest.runId())
        || !run.runId().equals(manifest.previousRunId())
        || runManifestSha256 == null
        || !runManifestSha256.equals(manifest.previousManifestSha256())) {
      problems.add(
          label
              + ": its manifest names run "
              + manifest.previousRunId()
              + " with manifest SHA-256 "
              + manifest.previousManifestSha256()
              + " as its source, not run "
              + run.runId()
              + " with "
              + runManifestSha256);
    } else {
      checked.add(label + " names its run");
    }
    account.add(
        label
            + ": rendered "
            + manifest.createdAt()
            + " from run "
            + run.runId()
            + "; "
            + described(dir, manifest, label));
    extras(dir, manifest, label, false);
  }

  /** Reads the manifest in {@code dir} and checks every file it lists; null when unreadable. */
  private Manifest files(Path dir, String label) {
    Path file = dir.resolve(Manifest.FILE);
    Manifest manifest;
    try {
      manifest = Manifest.read(file);
    } catch (IOException e) {
      problems.add(
          label
              + ": "
              + file
              + " is missing or unreadable"
              + (Files.isRegularFile(file)
                  ? " (" + Art32Exception.firstLine(e.getMessage()) + ")"
                  : ""));
      return null;
    }
    String name = "run " + manifest.runId();
    for (Manifest.Artifact artifact : manifest.artifacts()) {
      Path path = dir.resolve(artifact.name());
      if (!path.normalize().startsWith(dir.normalize())) {
        problems.add(name + ": " + file + " lists " + artifact.name() + ", outside the run");
        continue;
      }
      try {
        String actual = EvidenceJson.sha256(path);
        if (!actual.equals(artifact.sha256())) {
          problems.add(
              name
                  + ": "
                  + path
                  + " was changed (SHA-256 "
                  + actual
                  + ", manifest says "
                  + artifact.sha256()
                  + ")");
        } else {
          checked.add(path.toString());
        }
      } catch (IOException e) {
        problems.add(name + ": " + path + " is missing");
      }
    }
    return manifest;
  }

  /** The account of one manifest's files, signature and PDF. */
  private String described(Path dir, Manifest manifest, String label) {
    int before = problems.size();
    String signedBy = signature(manifest, dir.resolve(Manifest.FILE), label);
    String pdf = pdf(dir, manifest, label);
    long listed = manifest.artifacts().size();
    return listed
        + " file(s)"
        + (problems.size() == before ? " match the manifest" : "")
        + "; "
        + signedBy
        + (pdf == null ? "" : "; " + pdf);
  }

  /** What signed the manifest: "signed by Ed25519 key SHA256:..." or "UNSIGNED". */
  private String signature(Manifest manifest, Path file, String label) {
    String signedBy = signature(manifest.signature(), manifest.signedBytes(), file, label);
    String detached = detached(manifest, file.getParent());
    if (detached != null) {
      problems.add(label + ": " + detached);
    }
    return signedBy + timestamp(manifest, file.getParent(), label);
  }

  /** "; timestamped ... by ..." when a token lies beside the manifest, after checking it. */
  private String timestamp(Manifest manifest, Path dir, String label) {
    Path token = dir.resolve(Timestamps.FILE);
    if (!Files.exists(token)) {
      if (pinnedTsa != null) {
        problems.add(
            label + " is not timestamped, but a time-stamping authority was given (--tsa-cert)");
      }
      return "";
    }
    try {
      Timestamps.Stamp stamp =
          Timestamps.check(Files.readAllBytes(token), manifest.signedBytes(), pinnedTsa);
      checked.add(token + " (timestamp)");
      return "; timestamped "
          + stamp.time()
          + " by "
          + stamp.authority()
          + " (certificate SHA-256 "
          + stamp.certificateSha256()
          + (pinnedTsa == null ? ", not pinned: --tsa-cert)" : ", the authority given)");
    } catch (IOException | IllegalArgumentException e) {
      problems.add(label + ": " + token + ": " + e.getMessage());
      return "; timestamp INVALID";
    }
  }

  private String signature(
      Manifest.Signature signature, byte[] signedBytes, Path file, String label) {
    if (signature == null) {
      if (pinned != null) {
        problems.add(label + ": " + file + " is not signed, but a public key was given");
      } else {
        warnings.add(
            label
                + " is UNSIGNED: its files match its manifest, but whoever can write "
                + file.getParent()
                + " could have rewritten both (sign runs with --sign-key)");
      }
      return "UNSIGNED";
    }
    try {
      byte[] key = Base64.getDecoder().decode(signature.publicKey());
      String fingerprint = Signer.fingerprint(key);
      PublicKey embedded = Signer.publicKey(key);
      if (pinned != null && !Arrays.equals(pinned.getEncoded(), key)) {
        problems.add(
            label
                + ": "
                + file
                + " is signed with a different key than the one given ("
                + fingerprint
                + ", given "
                + Signer.fingerprint(pinned.getEncoded())
                + ")");
        return "signed by another key " + fingerprint;
      }
      if (!Signer.verify(embedded, signedBytes, Base64.getDecoder().decode(signature.value()))) {
        problems.add(label + ": the signature of " + file + " does not match its content");
        return "signature INVALID";
      }
      checked.add(file + " (signature)");
      return "signed by "
          + signature.algorithm()
          + " key "
          + fingerprint
          + (pinned == null ? " (not pinned: --public-key)" : " (the key given)");
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      problems.add(label + ": the signature of " + file + " cannot be read");
      return "signature unreadable";
    }
  }

  /**
   * The signed bytes and raw signature beside the manifest (for openssl) must be what the manifest
   * holds; runs from before they were written have neither. Returns the problem or null.
   */
  private static String detached(Manifest manifest, Path dir) {
    Path signed = dir.resolve(Manifest.SIGNED);
    Path sig = dir.resolve(Manifest.SIG);
    if (manifest.signature() == null && Files.exists(sig)) {
      return sig + " lies beside a manifest that is not signed";
    }
    try {
      if (Files.exists(signed)
          && !Arrays.equals(Files.readAllBytes(signed), manifest.signedBytes())) {
        return signed + " is not what " + Manifest.FILE + " signs";
      }
      if (Files.exists(sig)
          && !Arrays.equals(
              Files.readAllBytes(sig), Base64.getDecoder().decode(manifest.signature().value()))) {
        return sig + " is not the signature in " + Manifest.FILE;
      }
      return null;
    } catch (IOException e) {
      return "cannot read " + signed + " or " + sig + ": " + e.getMessage();
    }
  }

  /**
   * Whether the PDF's attached evidence.json is the run's evidence.json byte for byte and the PDF
   * prints its digest; null when the run has no PDF and evidence.
   */
  private String pdf(Path dir, Manifest manifest, String label) {
    Set<String> names = new HashSet<>();
    manifest.artifacts().forEach(a -> names.add(a.name()));
    Path pdf = dir.resolve("report.pdf");
    Path evidence = dir.resolve("evidence.json");
    if (!names.contains("report.pdf")
        || !names.contains("evidence.json")
        || !Files.isRegularFile(pdf)
        || !Files.isRegularFile(evidence)) {
      return null;
    }
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      byte[] json = Files.readAllBytes(evidence);
      String digest = EvidenceJson.sha256(json);
      byte[] attached = attachedEvidence(doc);
      boolean sameAttachment = attached != null && Arrays.equals(attached, json);
      String text = new PDFTextStripper().getText(doc).replaceAll("\\s", "");
      boolean printsDigest = text.contains(digest);
      if (attached == null) {
        problems.add(label + ": " + pdf + " has no evidence.json attached");
      } else if (!sameAttachment) {
        problems.add(
            label
                + ": the evidence.json attached to "
                + pdf
                + " is not "
                + evidence
                + " (SHA-256 "
                + EvidenceJson.sha256(attached)
                + ", the file's "
                + digest
                + ")");
      }
      if (!printsDigest) {
        problems.add(
            label
                + ": "
                + pdf
                + " does not print the evidence digest "
                + digest
                + " of "
                + evidence);
      }
      if (sameAttachment && printsDigest) {
        checked.add(pdf + " (attachment and printed digest)");
        return "PDF: attached evidence and printed digest equal evidence.json";
      }
      return "PDF: does NOT match evidence.json";
    } catch (IOException e) {
      problems.add(label + ": " + pdf + " cannot be read as a PDF: " + e.getMessage());
      return "PDF: unreadable";
    }
  }

  private static byte[] attachedEvidence(PDDocument doc) throws IOException {
    var names = doc.getDocumentCatalog().getNames();
    if (names == null || names.getEmbeddedFiles() == null) {
      return null;
    }
    var files = names.getEmbeddedFiles().getNames();
    var spec = files == null ? null : files.get("evidence.json");
    if (spec == null || spec.getEmbeddedFile() == null) {
      return null;
    }
    return spec.getEmbeddedFile().toByteArray();
  }

  /** Files under a run or render that its manifest does not list: each a warning. */
  private void extras(Path dir, Manifest manifest, String label, boolean skipRenders) {
    Set<Path> known = new HashSet<>();
    manifest.files().forEach(f -> known.add(dir.resolve(f).normalize()));
    if (Files.exists(dir.resolve(Timestamps.FILE))) {
      known.add(dir.resolve(Timestamps.FILE).normalize());
      known.add(dir.resolve(Manifest.SIGNED).normalize());
    }
    manifest.artifacts().forEach(a -> known.add(dir.resolve(a.name()).normalize()));
    Path renders = dir.resolve(History.RENDERS).normalize();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted().toList()) {
        Path n = p.normalize();
        if (n.equals(dir.normalize()) || (skipRenders && n.startsWith(renders))) {
          continue;
        }
        String odd = notPlain(p);
        if (odd != null) {
          warnings.add(label + ": " + p + " " + odd);
        } else if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !known.contains(n)) {
          warnings.add(label + ": " + p + " is in no manifest (an extra file)");
        }
      }
    } catch (IOException e) {
      problems.add(label + ": cannot list " + dir + ": " + e.getMessage());
    }
  }

  /** Files at the top of a history, beside its runs: no run lists them. */
  private void extrasInHistory(Path dir) {
    for (Path p : list(dir)) {
      String odd = notPlain(p);
      String name = p.getFileName().toString();
      if (odd != null) {
        warnings.add("history " + dir + ": " + p + " " + odd);
      } else if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
          && !name.equals(Checkpoint.FILE)
          && !name.equals(HistoryLock.FILE)) {
        warnings.add("history " + dir + ": " + p + " is in no run (an extra file)");
      }
    }
  }

  /**
   * Why {@code p} is neither a plain file nor a plain directory (a symbolic link, never followed
   * out of the run or history; a pipe, socket or device), or null when it is one.
   */
  private static String notPlain(Path p) {
    if (Files.isSymbolicLink(p)) {
      String target;
      try {
        target = Files.readSymbolicLink(p).toString();
      } catch (IOException e) {
        target = "?";
      }
      return "is a symbolic link to " + target + " (never followed; no run holds links)";
    }
    if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
        && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      return "is not a regular file (a pipe, socket or device)";
    }
    return null;
  }

  private List<Path> list(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.sorted().toList();
    } catch (IOException e) {
      problems.add("cannot list " + dir + ": " + e.getMessage());
      return List.of();
    }
  }

  private static String digest(Path file) {
    try {
      return EvidenceJson.sha256(file);
    } catch (IOException e) {
      return null;
    }
  }

  /** Reads and checks checkpoint.json when the history has one; null when it has none. */
  private Checkpoint checkpoint(Path dir) {
    Path file = dir.resolve(Checkpoint.FILE);
    if (!Files.exists(file)) {
      return null;
    }
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.read(file);
    } catch (IOException e) {
      problems.add("history " + dir + ": " + file + " is unreadable: " + e.getMessage());
      return null;
    }
    String label = "checkpoint " + file;
    String signedBy = signature(checkpoint.signature(), checkpoint.signedBytes(), file, label);
    History.Link head = checkpoint.head();
    account.add(
        "checkpoint: "
            + checkpoint.pruned().size()
            + " run(s) pruned by "
            + checkpoint.createdAt()
            + ", the newest "
            + (head == null
                ? "none"
                : head.runId() + " with manifest SHA-256 " + head.manifestSha256())
            + "; "
            + signedBy);
    return checkpoint;
  }

  /** The first run after a prune must name the checkpoint's head as the run before it. */
  private void fromCheckpoint(Path run, Manifest manifest, Checkpoint checkpoint) {
    History.Link head = checkpoint.head();
    if (head == null
        || !head.runId().equals(manifest.previousRunId())
        || !head.manifestSha256().equals(manifest.previousManifestSha256())) {
      problems.add(
          "run "
              + manifest.runId()
              + " ("
              + run
              + ") does not follow the pruned head "
              + (head == null
                  ? "(none)"
                  : head.runId() + " with manifest SHA-256 " + head.manifestSha256())
              + " that "
              + Checkpoint.FILE
              + " records: its manifest names "
              + (manifest.previousRunId() == null
                  ? "no previous run"
                  : "run " + manifest.previousRunId())
              + " (a run was removed after the prune, or the checkpoint changed)");
    } else {
      checked.add(run + " follows the checkpoint's head " + head.runId());
    }
  }

  private void chain(Path run, Manifest manifest, Manifest previous, Path previousDir) {
    if (previous == null) {
      if (manifest.previousRunId() != null) {
        problems.add(
            "run "
                + manifest.runId()
                + " follows run "
                + manifest.previousRunId()
                + ", which is not in the history (removed?)");
      }
      return;
    }
    String digest = digest(previousDir.resolve(Manifest.FILE));
    if (digest == null) {
      problems.add(
          "run " + previous.runId() + ": " + previousDir.resolve(Manifest.FILE) + " is unreadable");
      return;
    }
    if (!previous.runId().equals(manifest.previousRunId())
        || !digest.equals(manifest.previousManifestSha256())) {
      problems.add(
          "run "
              + manifest.runId()
              + " ("
              + run
              + ") does not follow run "
              + previous.runId()
              + ": its manifest names "
              + (manifest.previousRunId() == null
                  ? "no previous run"
                  : "run " + manifest.previousRunId())
              + " with manifest SHA-256 "
              + manifest.previousManifestSha256()
              + " (a run was removed, reordered or its manifest changed)");
    } else {
      checked.add(run + " follows " + previous.runId());
    }
  }
}
