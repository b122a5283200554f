package io.fleetflow.frontdoor;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Binds each activity task token the front door hands to an agent to that agent's cluster, so that
 * an agent can complete, fail or heartbeat only the tasks it was given. The token Temporal issued
 * is wrapped with an HMAC over the cluster's name and the token; the key lives in a file that every
 * front door of a hub shares, so a restarted (or another) front door still recognises the tokens it
 * gave out and no agent loses a task to a restart.
 */
public final class TaskTokens {
  private static final byte[] MAGIC = "ff1".getBytes(StandardCharsets.US_ASCII);
  private static final int MAC_BYTES = 16;
  private static final int KEY_BYTES = 32;

  private final SecretKeySpec key;

  public TaskTokens(byte[] key) {
    if (key.length < KEY_BYTES) {
      throw new IllegalArgumentException("a task token key needs " + KEY_BYTES + " bytes");
    }
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
  }

  /** Reads the key file, creating it with a random key (owner-readable only) on first use. */
  public static TaskTokens fromFile(Path file) {
    try {
      if (!Files.exists(file)) {
        byte[] fresh = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(fresh);
        io.fleetflow.model.certificates.Pem.write(
            file, Base64.getEncoder().encodeToString(fresh) + "\n", true);
      }
      return new TaskTokens(Base64.getDecoder().decode(Files.readString(file).strip()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read the task token key " + file, e);
    }
  }

  /** The token to hand to the agent of a cluster. */
  public byte[] wrap(String cluster, byte[] token) {
    byte[] mac = mac(cluster, token);
    byte[] out = new byte[MAGIC.length + MAC_BYTES + token.length];
    System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
    System.arraycopy(mac, 0, out, MAGIC.length, MAC_BYTES);
    System.arraycopy(token, 0, out, MAGIC.length + MAC_BYTES, token.length);
    return out;
  }

  /**
   * The token Temporal issued, if the wrapped token was handed to the agent of this cluster; empty
   * for a token of another cluster, a changed token or one the front door never wrapped.
   */
  public Optional<byte[]> unwrap(String cluster, byte[] wrapped) {
    if (wrapped.length <= MAGIC.length + MAC_BYTES
        || !Arrays.equals(Arrays.copyOf(wrapped, MAGIC.length), MAGIC)) {
      return Optional.empty();
    }
    byte[] token = Arrays.copyOfRange(wrapped, MAGIC.length + MAC_BYTES, wrapped.length);
    byte[] given = Arrays.copyOfRange(wrapped, MAGIC.length, MAGIC.length + MAC_BYTES);
    return MessageDigest.isEqual(given, mac(cluster, token))
        ? Optional.of(token)
        : Optional.empty();
  }

  private byte[] mac(String cluster, byte[] token) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(cluster.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return Arrays.copyOf(mac.doFinal(token), MAC_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
