package eu.art32.integrity;

import eu.art32.EnvironmentException;
import eu.art32.UsageException;
import eu.art32.evidence.EvidenceJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Ed25519 signing of manifests with the JDK's own provider; keys as PEM files. */
public final class Signer {
  private final PrivateKey privateKey;
  private final PublicKey publicKey;

  private Signer(PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /** Reads a PKCS#8 private key and its X.509 public key (PEM). */
  public static Signer load(Path privateKeyFile, Path publicKeyFile) {
    try {
      KeyFactory factory = KeyFactory.getInstance("Ed25519");
      PrivateKey priv = factory.generatePrivate(new PKCS8EncodedKeySpec(pem(privateKeyFile)));
      PublicKey pub = factory.generatePublic(new X509EncodedKeySpec(pem(publicKeyFile)));
      Signer signer = new Signer(priv, pub);
      byte[] probe = "art32".getBytes(StandardCharsets.UTF_8);
      if (!verify(pub, probe, signer.signRaw(probe))) {
        throw new EnvironmentException(
            "signing keys do not match: " + privateKeyFile + " and " + publicKeyFile);
      }
      return signer;
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new EnvironmentException(
          "cannot read the Ed25519 signing keys "
              + privateKeyFile
              + ", "
              + publicKeyFile
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** Writes a new key pair: art32-ed25519.key (mode 600) and art32-ed25519.pub. */
  public static Path[] generate(Path dir) {
    try {
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      Files.createDirectories(dir);
      Path key = dir.resolve("art32-ed25519.key");
      Path pub = dir.resolve("art32-ed25519.pub");
      if (Files.exists(key) || Files.exists(pub)) {
        throw new UsageException("keys already exist in " + dir + "; not overwriting them");
      }
      Files.writeString(key, "", StandardCharsets.US_ASCII);
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
      Files.writeString(key, toPem("PRIVATE KEY", pair.getPrivate().getEncoded()));
      Files.writeString(pub, toPem("PUBLIC KEY", pair.getPublic().getEncoded()));
      return new Path[] {key, pub};
    } catch (IOException | GeneralSecurityException e) {
      throw new EnvironmentException("cannot write keys to " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Signs a checkpoint the way manifests are signed. */
  public Checkpoint sign(Checkpoint checkpoint) {
    return checkpoint.signedWith(
        new Manifest.Signature(
            "Ed25519",
            Base64.getEncoder().encodeToString(publicKey.getEncoded()),
            Base64.getEncoder().encodeToString(signRaw(checkpoint.signedBytes()))));
  }

  /** The fingerprint of this signer's public key. */
  public String fingerprint() {
    return fingerprint(publicKey.getEncoded());
  }

  public Manifest sign(Manifest manifest) {
    return manifest.signedWith(
        new Manifest.Signature(
            "Ed25519",
            Base64.getEncoder().encodeToString(publicKey.getEncoded()),
            Base64.getEncoder().encodeToString(signRaw(manifest.signedBytes()))));
  }

  private byte[] signRaw(byte[] data) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(privateKey);
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean verify(PublicKey key, byte[] data, byte[] signature) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(data);
      return s.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /**
   * The key's fingerprint: the SHA-256 of its X.509 encoding, what {@code openssl pkey -pubin -in
   * KEY.pub -outform DER | sha256sum} prints.
   */
  public static String fingerprint(byte[] x509) {
    return "SHA256:" + EvidenceJson.sha256(x509);
  }

  /** The fingerprint of a PEM public key file. */
  public static String fingerprint(Path publicKeyFile) {
    try {
      return fingerprint(pem(publicKeyFile));
    } catch (IOException | IllegalArgumentException e) {
      throw new EnvironmentException(
          "cannot read the public key " + publicKeyFile + ": " + e.getMessage(), e);
    }
  }

  static PublicKey publicKey(byte[] x509) throws GeneralSecurityException {
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
  }

  private static final int PEM_LIMIT = 64 * 1024;

  static byte[] pem(Path file) throws IOException {
    // a key is a few hundred bytes: anything larger (or endless, like /dev/zero) is not one
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(PEM_LIMIT + 1);
    }
    if (bytes.length > PEM_LIMIT) {
      throw new IOException("larger than " + PEM_LIMIT + " bytes, not a PEM key");
    }
    String text = new String(bytes, StandardCharsets.US_ASCII);
    String body = text.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }

  private static String toPem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
