package eu.art32.integrity;

import eu.art32.Art32Exception;
import eu.art32.EnvironmentException;
import eu.art32.UsageException;
import eu.art32.evidence.EvidenceJson;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * RFC 3161 trusted timestamps for manifests: a token over the SHA-256 of manifest.signed, asked of
 * a time-stamping authority over HTTP, stored as manifest.tsr, and checked: the imprint, the
 * authority's signature and its time-stamping certificate.
 */
public final class Timestamps {
  /** The token's file beside manifest.json. */
  public static final String FILE = "manifest.tsr";

  private static final SecureRandom RANDOM = new SecureRandom();

  private Timestamps() {}

  /** What a checked token says: when, and which authority (subject and certificate digest). */
  public record Stamp(Instant time, String authority, String certificateSha256) {}

  /** Asks {@code authority} for a token over {@code data}; returns the token's DER bytes. */
  public static byte[] request(URI authority, byte[] data, Duration timeout) {
    TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
    generator.setCertReq(true);
    BigInteger nonce = new BigInteger(64, RANDOM);
    TimeStampRequest request =
        generator.generate(NISTObjectIdentifiers.id_sha256, sha256(data), nonce);
    try {
      HttpResponse<byte[]> response =
          HttpClient.newBuilder()
              .connectTimeout(timeout)
              .build()
              .send(
                  HttpRequest.newBuilder(authority)
                      .timeout(timeout)
                      .header("Content-Type", "application/timestamp-query")
                      .POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded()))
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new EnvironmentException(
            "the time-stamping authority " + authority + " answered HTTP " + response.statusCode());
      }
      TimeStampResponse answer = new TimeStampResponse(response.body());
      answer.validate(request);
      if (answer.getTimeStampToken() == null) {
        throw new EnvironmentException(
            "the time-stamping authority "
                + authority
                + " granted no token: "
                + answer.getStatusString());
      }
      return answer.getTimeStampToken().getEncoded();
    } catch (IOException | TSPException e) {
      throw new EnvironmentException(
          "no timestamp from " + authority + ": " + Art32Exception.firstLine(e.toString()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EnvironmentException(
          "interrupted while asking " + authority + " for a timestamp", e);
    }
  }

  /**
   * Checks that {@code token} covers {@code data} and is signed by the time-stamping certificate it
   * carries (or by {@code pinned} when given); throws {@link IllegalArgumentException} naming what
   * does not hold.
   */
  public static Stamp check(byte[] token, byte[] data, X509Certificate pinned) {
    TimeStampToken parsed;
    try {
      parsed = new TimeStampToken(new CMSSignedData(token));
    } catch (CMSException | TSPException | IOException | RuntimeException e) {
      throw new IllegalArgumentException("not an RFC 3161 time-stamp token", e);
    }
    var info = parsed.getTimeStampInfo();
    if (!NISTObjectIdentifiers.id_sha256.equals(info.getMessageImprintAlgOID())
        || !Arrays.equals(info.getMessageImprintDigest(), sha256(data))) {
      throw new IllegalArgumentException("the timestamp covers other data than " + Manifest.SIGNED);
    }
    @SuppressWarnings("unchecked")
    Collection<X509CertificateHolder> matches =
        parsed.getCertificates().getMatches(parsed.getSID());
    if (matches.isEmpty()) {
      throw new IllegalArgumentException("the token carries no certificate of its signer");
    }
    X509CertificateHolder holder = matches.iterator().next();
    try {
      X509Certificate cert = new JcaX509CertificateConverter().getCertificate(holder);
      if (pinned != null && !Arrays.equals(pinned.getEncoded(), cert.getEncoded())) {
        throw new IllegalArgumentException(
            "the timestamp is signed by "
                + cert.getSubjectX500Principal().getName()
                + " (certificate SHA-256 "
                + EvidenceJson.sha256(cert.getEncoded())
                + "), not by the authority given (--tsa-cert)");
      }
      parsed.validate(new JcaSimpleSignerInfoVerifierBuilder().build(holder));
      return new Stamp(
          info.getGenTime().toInstant(),
          cert.getSubjectX500Principal().getName(),
          EvidenceJson.sha256(cert.getEncoded()));
    } catch (TSPException e) {
      throw new IllegalArgumentException(
          "the timestamp's signature does not hold: " + e.getMessage(), e);
    } catch (CertificateException | OperatorCreationException e) {
      throw new IllegalArgumentException(
          "the timestamp's certificate cannot be read: " + e.getMessage(), e);
    }
  }

  /** Reads a PEM certificate (the authority's, for --tsa-cert). */
  public static X509Certificate certificate(Path file) {
    try (var in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException | CertificateException e) {
      throw new UsageException("--tsa-cert " + file + ": not an X.509 certificate (PEM)");
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
