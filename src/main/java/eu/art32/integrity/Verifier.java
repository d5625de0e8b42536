package eu.art32.integrity;

import eu.art32.evidence.EvidenceJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Checks a run directory or a history: every artifact against its SHA-256 in the manifest, the
 * signature when there is one (against a pinned public key when given), and in a history the chain
 * of manifests, so a changed byte, a removed run or runs out of order are each named.
 */
public final class Verifier {
  /** The outcome: what was checked and every problem, each naming the run and the file. */
  public record Report(List<String> checked, List<String> problems) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private final PublicKey pinned;
  private final List<String> checked = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();

  public Verifier(PublicKey pinned) {
    this.pinned = pinned;
  }

  public static PublicKey readPublicKey(Path file) {
    try {
      return Signer.publicKey(Signer.pem(file));
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new eu.art32.UsageException(
          "--public-key " + file + ": not an Ed25519 public key (PEM)");
    }
  }

  public Report verify(Path dir) {
    if (Files.isRegularFile(dir.resolve(Manifest.FILE))) {
      run(dir, false);
    } else {
      List<Path> runs = new History(dir).runs();
      if (runs.isEmpty()) {
        problems.add(dir + ": neither a run (no " + Manifest.FILE + ") nor a history of runs");
      }
      Manifest previous = null;
      Path previousDir = null;
      for (Path run : runs) {
        Manifest manifest = run(run, true);
        if (manifest != null) {
          chain(run, manifest, previous, previousDir);
        }
        previous = manifest;
        previousDir = run;
      }
    }
    return new Report(List.copyOf(checked), List.copyOf(problems));
  }

  private Manifest run(Path dir, boolean inHistory) {
    Path file = dir.resolve(Manifest.FILE);
    Manifest manifest;
    try {
      manifest = Manifest.read(file);
    } catch (IOException e) {
      problems.add("run " + dir.getFileName() + ": " + file + " is missing or unreadable");
      return null;
    }
    String name = dir.getFileName().toString();
    for (Manifest.Artifact artifact : manifest.artifacts()) {
      Path path = dir.resolve(artifact.name());
      try {
        String actual = EvidenceJson.sha256(Files.readAllBytes(path));
        if (!actual.equals(artifact.sha256())) {
          problems.add(
              "run "
                  + manifest.runId()
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
        problems.add("run " + manifest.runId() + ": " + path + " is missing");
      }
    }
    signature(manifest, file);
    if (inHistory && !name.equals(manifest.runId())) {
      problems.add(
          "run "
              + manifest.runId()
              + " is stored under "
              + dir
              + ": the directory is not named after the run");
    }
    return manifest;
  }

  private void signature(Manifest manifest, Path file) {
    if (manifest.signature() == null) {
      if (pinned != null) {
        problems.add(
            "run " + manifest.runId() + ": " + file + " is not signed, but a public key was given");
      }
      return;
    }
    try {
      byte[] key = Base64.getDecoder().decode(manifest.signature().publicKey());
      PublicKey embedded = Signer.publicKey(key);
      if (pinned != null && !java.util.Arrays.equals(pinned.getEncoded(), key)) {
        problems.add(
            "run "
                + manifest.runId()
                + ": "
                + file
                + " is signed with a different key than the one given");
        return;
      }
      if (!Signer.verify(
          embedded,
          manifest.signedBytes(),
          Base64.getDecoder().decode(manifest.signature().value()))) {
        problems.add(
            "run "
                + manifest.runId()
                + ": the signature of "
                + file
                + " does not match its content");
      } else {
        checked.add(file + " (signature)");
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      problems.add("run " + manifest.runId() + ": the signature of " + file + " cannot be read");
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
    try {
      String digest = EvidenceJson.sha256(Files.readAllBytes(previousDir.resolve(Manifest.FILE)));
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
    } catch (IOException e) {
      problems.add(
          "run " + previous.runId() + ": " + previousDir.resolve(Manifest.FILE) + " is unreadable");
    }
  }
}
