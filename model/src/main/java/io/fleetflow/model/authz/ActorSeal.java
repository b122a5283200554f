package io.fleetflow.model.authz;

import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Voucher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Vouches for actors and checks vouchers, with a key that the gateway and the hub share and nobody
 * else holds ({@code ./fleetflow up} writes it under {@code .fleetflow/}). The gateway vouches for
 * an authenticated caller: the accesses RBAC allowed it, for the one object its request is about,
 * for a short while. The entity's workflow checks the voucher in its update validators before it
 * believes any of it, so groups written into an update by another Temporal client count for
 * nothing.
 *
 * <p>The HMAC covers the user, groups, reason, grants, target and expiry, each length-prefixed, so
 * no field can be moved into another.
 */
public final class ActorSeal {
  private static final String ALGORITHM = "HmacSHA256";
  private static final int KEY_BYTES = 32;

  private final SecretKeySpec key;

  /** A seal with this key; at least 32 bytes. */
  public ActorSeal(byte[] key) {
    if (key == null || key.length < KEY_BYTES) {
      throw new IllegalArgumentException("an actor key needs at least " + KEY_BYTES + " bytes");
    }
    this.key = new SecretKeySpec(key.clone(), ALGORITHM);
  }

  /** Reads a key file: the key in Base64 on one line. */
  public static ActorSeal fromFile(Path file) {
    try {
      return new ActorSeal(Base64.getDecoder().decode(Files.readString(file).trim()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the actor key " + file, e);
    }
  }

  /** Makes a new random key, in Base64, for a key file. */
  public static String newKey() {
    byte[] key = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  /**
   * Returns the actor with a voucher: what it may do, for which object, until when.
   *
   * @param target the workflow ID of the object the request is about
   * @param expiresAt epoch milliseconds
   */
  public Actor vouch(Actor actor, Set<String> grants, String target, long expiresAt) {
    Set<String> granted = new TreeSet<>(grants);
    return actor.vouched(
        new Voucher(granted, target, expiresAt, sign(actor, granted, target, expiresAt)));
  }

  /**
   * Checks that someone holding the key vouched for this actor, for this object, and that it has
   * not expired. Returns why not, or empty when the actor may be believed.
   *
   * @param target the workflow ID of the object that checks
   * @param now epoch milliseconds, the workflow's own time
   */
  public Optional<String> refusal(Actor actor, String target, long now) {
    Voucher voucher = actor == null ? null : actor.voucher();
    if (voucher == null || voucher.signature() == null || voucher.grants() == null) {
      return Optional.of(
          "the request carries no voucher: send it through the gateway, which vouches for the"
              + " caller");
    }
    String expected =
        sign(actor, new TreeSet<>(voucher.grants()), voucher.target(), voucher.expiresAt());
    if (!MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8),
        voucher.signature().getBytes(StandardCharsets.UTF_8))) {
      return Optional.of("the voucher of user \"" + actor.user() + "\" is not valid");
    }
    if (!Objects.equals(voucher.target(), target)) {
      return Optional.of(
          "the voucher of user \""
              + actor.user()
              + "\" is for "
              + voucher.target()
              + ", not "
              + target);
    }
    if (now > voucher.expiresAt()) {
      return Optional.of(
          "the voucher of user \"" + actor.user() + "\" expired; send the request again");
    }
    return Optional.empty();
  }

  private String sign(Actor actor, Set<String> grants, String target, long expiresAt) {
    StringBuilder text = new StringBuilder();
    field(text, actor.user());
    List<String> groups = actor.groups() == null ? List.of() : actor.groups();
    field(text, Integer.toString(groups.size()));
    groups.forEach(g -> field(text, g));
    field(text, actor.reason());
    field(text, Integer.toString(grants.size()));
    grants.stream().sorted().forEach(g -> field(text, g));
    field(text, target);
    field(text, Long.toString(expiresAt));
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  /** Appends a field with its length, so "ab"+"c" and "a"+"bc" sign differently; null is -1. */
  private static void field(StringBuilder text, String value) {
    if (value == null) {
      text.append("-1:");
    } else {
      text.append(value.length()).append(':').append(value);
    }
    text.append('\n');
  }
}
