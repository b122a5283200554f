package io.fleetflow.security.pki;

import io.fleetflow.model.certificates.ClusterCsr;
import io.fleetflow.model.certificates.Pem;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The hub's signer of agent client certificates: a certificate authority whose key lives in a
 * directory laid out as a Kubernetes TLS Secret ({@code tls.crt}, {@code tls.key}, PEM), so that an
 * operator gives it to the hub as a file or a mounted Secret. The key never leaves this object; the
 * certificates it issues are public and may be recorded anywhere.
 */
public final class ClusterSigner {
  /** The certificate file of a signer directory. */
  public static final String CERT_FILE = "tls.crt";

  /** The private key file of a signer directory. */
  public static final String KEY_FILE = "tls.key";

  /** How far a certificate's validity starts before its issue, for clocks a little behind. */
  static final Duration BACKDATE = Duration.ofMinutes(5);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final X509Certificate certificate;
  private final PrivateKey key;

  ClusterSigner(X509Certificate certificate, PrivateKey key) {
    this.certificate = certificate;
    this.key = key;
  }

  /** Loads a signer from a directory with {@code tls.crt} and {@code tls.key}. */
  public static ClusterSigner load(Path directory) {
    Path cert = directory.resolve(CERT_FILE);
    Path keyFile = directory.resolve(KEY_FILE);
    if (!Files.isReadable(cert) || !Files.isReadable(keyFile)) {
      throw new IllegalArgumentException(
          "the cluster signer needs "
              + cert
              + " and "
              + keyFile
              + " (PEM, a Kubernetes TLS Secret's layout)");
    }
    X509Certificate certificate = Pem.certificate(Pem.read(cert));
    if (certificate.getBasicConstraints() < 0) {
      throw new IllegalArgumentException(cert + " is not a CA certificate (basicConstraints)");
    }
    return new ClusterSigner(certificate, Pem.privateKey(Pem.read(keyFile)));
  }

  /**
   * Creates a new signer (an EC P-256 certificate authority valid for ten years) in a directory,
   * unless one is there; returns whether it created one.
   */
  public static boolean createIfMissing(Path directory, String name) {
    return createSelfSigned(
        directory,
        name,
        (builder, key) ->
            builder
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(
                    Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(
                    Extension.subjectKeyIdentifier,
                    false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(key)));
  }

  /** Adds a self-signed certificate's extensions. */
  private interface Extensions {
    void add(X509v3CertificateBuilder builder, java.security.PublicKey key)
        throws GeneralSecurityException, java.io.IOException;
  }

  /**
   * Writes a new EC P-256 key and a self-signed certificate for it, valid ten years, into a
   * directory as {@code tls.key} and {@code tls.crt}, unless both are there; returns whether it
   * wrote them.
   */
  private static boolean createSelfSigned(Path directory, String name, Extensions extensions) {
    if (Files.exists(directory.resolve(CERT_FILE)) && Files.exists(directory.resolve(KEY_FILE))) {
      return false;
    }
    KeyPair pair = newKeyPair();
    Instant now = Instant.now();
    X500Name subject = new X500Name("CN=" + name);
    try {
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              serial(),
              Date.from(now.minus(BACKDATE)),
              Date.from(now.plus(Duration.ofDays(3650))),
              subject,
              pair.getPublic());
      extensions.add(builder, pair.getPublic());
      X509Certificate cert = sign(builder, pair.getPrivate());
      Pem.writePrivateKey(directory.resolve(KEY_FILE), pair);
      Pem.write(directory.resolve(CERT_FILE), Pem.encode(cert), false);
      return true;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot create the certificate of " + name, e);
    }
  }

  /**
   * Issues a client certificate for a checked request.
   *
   * @param csr the request, checked by {@link ClusterCsr#parse}
   * @param lifetime how long the certificate is valid from now; never past the signer's own end
   * @param now the time of issue
   * @return the certificate
   */
  public X509Certificate issue(ClusterCsr csr, Duration lifetime, Instant now) {
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("a certificate's lifetime must be positive: " + lifetime);
    }
    Instant notAfter = now.plus(lifetime);
    Instant signerEnd = certificate.getNotAfter().toInstant();
    if (notAfter.isAfter(signerEnd)) {
      notAfter = signerEnd;
    }
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  certificate,
                  serial(),
                  Date.from(now.minus(BACKDATE)),
                  Date.from(notAfter),
                  csr.request().getSubject(),
                  csr.publicKey())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(
                  Extension.keyUsage,
                  true,
                  new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
              .addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  utils.createSubjectKeyIdentifier(csr.publicKey()))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  utils.createAuthorityKeyIdentifier(certificate));
      return sign(builder, key);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot sign the certificate of " + csr.commonName(), e);
    }
  }

  /** The signer's own certificate, which whoever checks agent certificates trusts. */
  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * Creates a self-signed serving certificate and key for a TLS server (the front door) in a
   * directory ({@code tls.crt}, {@code tls.key}), unless one is there; clients trust it by the
   * certificate itself. Returns whether it created one.
   */
  public static boolean createServingIfMissing(Path directory, String name, List<String> hosts) {
    GeneralName[] names =
        hosts.stream()
            .map(
                h ->
                    h.matches("[0-9.]+|.*:.*")
                        ? new GeneralName(GeneralName.iPAddress, h)
                        : new GeneralName(GeneralName.dNSName, h))
            .toArray(GeneralName[]::new);
    return createSelfSigned(
        directory,
        name,
        (builder, key) ->
            builder
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names))
                .addExtension(
                    Extension.extendedKeyUsage,
                    false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth)));
  }

  /** A new EC P-256 key pair, the kind agents and the signer use. */
  public static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
      throws GeneralSecurityException {
    try {
      String algorithm =
          signingKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
      X509CertificateHolder holder =
          builder.build(new JcaContentSignerBuilder(algorithm).build(signingKey));
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (org.bouncycastle.operator.OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static BigInteger serial() {
    return new BigInteger(127, RANDOM).add(BigInteger.ONE);
  }
}
