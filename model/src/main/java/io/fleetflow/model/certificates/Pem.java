package io.fleetflow.model.certificates;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** Reading and writing the PEM files that keys and certificates live in. */
public final class Pem {
  private Pem() {}

  /** Encodes a certificate, key or request as PEM text. */
  public static String encode(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Reads the first certificate of PEM text. */
  public static X509Certificate certificate(String pem) {
    Object object = first(pem);
    if (!(object instanceof X509CertificateHolder holder)) {
      throw new IllegalArgumentException("expected a PEM certificate (BEGIN CERTIFICATE)");
    }
    try {
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the certificate cannot be read: " + e.getMessage(), e);
    }
  }

  /** Reads a private key (PKCS#8 or an EC/RSA key pair) from PEM text. */
  public static PrivateKey privateKey(String pem) {
    Object object = first(pem);
    try {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (object instanceof PEMKeyPair pair) {
        return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
      if (object instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("the private key cannot be read: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("expected a PEM private key (BEGIN PRIVATE KEY)");
  }

  /** Reads the one PEM object of a text, or null when it has none. */
  static Object first(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem == null ? "" : pem))) {
      return parser.readObject();
    } catch (IOException e) {
      throw new IllegalArgumentException("not valid PEM: " + e.getMessage(), e);
    }
  }

  /** The SHA-256 fingerprint of a public key's encoding, as {@code sha256:<hex>}. */
  public static String fingerprint(PublicKey key) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads a file as text. */
  public static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Writes a file atomically (a reader never sees half of it), readable by its owner only when it
   * holds a secret.
   */
  public static void write(Path file, String text, boolean secret) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
      if (secret) {
        try {
          Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
          // Not a POSIX file system: the file keeps the default permissions.
        }
      }
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Writes a key pair's private key as PKCS#8 PEM, owner-readable only. */
  public static void writePrivateKey(Path file, KeyPair pair) {
    write(file, encodePrivateKey(pair.getPrivate()), true);
  }

  /** A private key as PKCS#8 PEM ("PRIVATE KEY"), as Kubernetes TLS Secrets hold it. */
  public static String encodePrivateKey(PrivateKey key) {
    try {
      return encode(new JcaPKCS8Generator(key, null).generate());
    } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
      throw new IllegalStateException("cannot encode the private key", e);
    }
  }
}
