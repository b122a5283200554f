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
      KeyPair pair;
      if (Files.exists(privateFile) && Files.exists(publicFile)) {
        KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
        PrivateKey privateKey =
            factory.generatePrivate(new PKCS8EncodedKeySpec(decode(privateFile)));
        PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(decode(publicFile)));
        pair = new KeyPair(publicKey, privateKey);
      } else {
        Files.createDirectories(directory);
        KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
        generator.initialize(256);
        pair = generator.generateKeyPair();
        write(privateFile, pair.getPrivate().getEncoded());
        write(publicFile, pair.getPublic().getEncoded());
      }
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(pair.getPublic().getEncoded());
      return new AgentIdentity(pair, "sha256:" + HexFormat.of().formatHex(digest));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot load or create the agent identity in " + directory, e);
    }
  }

  private static byte[] decode(Path file) throws IOException {
    return Base64.getDecoder().decode(Files.readString(file).trim());
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
