package io.fleetflow.agent.identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The agent's identity: an EC key pair created on first start and kept in the agent's state
 * directory, so that a restarted agent re-joins as the same identity and another agent cannot claim
 * its name. The hub knows the agent by the SHA-256 fingerprint of its public key.
 *
 * @param keyPair the agent's keys
 * @param fingerprint {@code sha256:<hex>} of the encoded public key
 */
public record AgentIdentity(KeyPair keyPair, String fingerprint) {
  private static final String ALGORITHM = "EC";

  /** Loads the identity kept in {@code directory}, creating and saving one on first use. */
  public static AgentIdentity loadOrCreate(Path directory) {
    Path privateFile = directory.resolve("identity.key");
    Path publicFile = directory.resolve("identity.pub");
    try {
      if (Files.exists(privateFile) && Files.exists(publicFile)) {
        return decode(Files.readString(privateFile), Files.readString(publicFile));
      }
      Files.createDirectories(directory);
      AgentIdentity created = generate();
      write(privateFile, created.keyPair().getPrivate().getEncoded());
      write(publicFile, created.keyPair().getPublic().getEncoded());
      return created;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot load or create the agent identity in " + directory, e);
    }
  }

  /** A new identity with a fresh key pair. */
  static AgentIdentity generate() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
    generator.initialize(256);
    return of(generator.generateKeyPair());
  }

  /** The identity of keys kept as base64 text (PKCS#8 private key, X.509 public key). */
  static AgentIdentity decode(String privateKey, String publicKey) throws GeneralSecurityException {
    KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
    PrivateKey decodedPrivate =
        factory.generatePrivate(
            new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKey.trim())));
    PublicKey decodedPublic =
        factory.generatePublic(
            new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey.trim())));
    return of(new KeyPair(decodedPublic, decodedPrivate));
  }

  /** The private key as the base64 text {@link #decode} reads. */
  String encodedPrivateKey() {
    return Base64.getEncoder().encodeToString(keyPair.getPrivate().getEncoded());
  }

  /** The public key as the base64 text {@link #decode} reads. */
  String encodedPublicKey() {
    return Base64.getEncoder().encodeToString(keyPair.getPublic().getEncoded());
  }

  private static AgentIdentity of(KeyPair pair) throws GeneralSecurityException {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(pair.getPublic().getEncoded());
    return new AgentIdentity(pair, "sha256:" + HexFormat.of().formatHex(digest));
  }

  private static void write(Path file, byte[] bytes) throws IOException {
    // A half-written identity (one file of the two) from an interrupted first start is replaced.
    Files.deleteIfExists(file);
    try {
      // Created owner-only from the start, so the private key is never readable by others.
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the file keeps the default permissions.
    }
    Files.writeString(file, Base64.getEncoder().encodeToString(bytes) + "\n");
  }
}
