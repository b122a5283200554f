package io.fleetflow.security.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.Supplier;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts every payload with AES-256-GCM (authenticated encryption: a changed byte fails to
 * decrypt rather than decrypting to something else), as a Temporal {@link PayloadCodec}.
 *
 * <p>An encrypted payload is the whole original payload (metadata and data) encrypted, with the
 * metadata {@value #ENCODING_METADATA}={@value #ENCODING}, the id of the key that encrypted it in
 * {@value #KEY_ID_METADATA} and the cipher in {@value #CIPHER_METADATA}. The key id is also
 * authenticated (GCM's additional data), so it cannot be swapped. Decoding picks the key by that
 * id, so keys rotate without breaking older histories as long as the ring keeps the old keys.
 * Payloads that are not encrypted (written before encryption was turned on) pass through unchanged.
 */
public final class AesGcmPayloadCodec implements PayloadCodec {
  /** The metadata key of a payload's encoding, as Temporal names it. */
  public static final String ENCODING_METADATA = "encoding";

  /** The encoding of an encrypted payload; the Temporal UI shows such payloads as encrypted. */
  public static final String ENCODING = "binary/encrypted";

  /** The metadata key that names the key a payload was encrypted with. */
  public static final String KEY_ID_METADATA = "encryption-key-id";

  /** The metadata key that names the cipher. */
  public static final String CIPHER_METADATA = "encryption-cipher";

  private static final String CIPHER = "AES256-GCM";
  private static final byte FORMAT = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Supplier<PayloadKeyRing> keys;

  /** A codec over a fixed key ring. */
  public AesGcmPayloadCodec(PayloadKeyRing keys) {
    this(() -> keys);
  }

  /**
   * A codec over a key ring that may change while the process runs (a reloaded file), asked for the
   * current ring on every call.
   */
  public AesGcmPayloadCodec(Supplier<PayloadKeyRing> keys) {
    this.keys = keys;
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    PayloadKeyRing ring = keys.get();
    return payloads.stream().map(p -> encrypt(p, ring)).toList();
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    PayloadKeyRing ring = keys.get();
    return payloads.stream().map(p -> decrypt(p, ring)).toList();
  }

  /** Returns true when a payload was encrypted by this codec. */
  public static boolean isEncrypted(Payload payload) {
    ByteString encoding = payload.getMetadataMap().get(ENCODING_METADATA);
    return encoding != null && encoding.toStringUtf8().equals(ENCODING);
  }

  /** Encrypts one payload with the ring's active key; an encrypted payload is left as it is. */
  public static Payload encrypt(Payload payload, PayloadKeyRing ring) {
    if (isEncrypted(payload)) {
      return payload;
    }
    String keyId = ring.activeId();
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    byte[] sealed;
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, ring.activeKey(), nonce, keyId);
      sealed = cipher.doFinal(payload.toByteArray());
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException(e);
    }
    ByteBuffer data = ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length);
    data.put(FORMAT).put(nonce).put(sealed);
    return Payload.newBuilder()
        .putMetadata(ENCODING_METADATA, ByteString.copyFromUtf8(ENCODING))
        .putMetadata(KEY_ID_METADATA, ByteString.copyFromUtf8(keyId))
        .putMetadata(CIPHER_METADATA, ByteString.copyFromUtf8(CIPHER))
        .setData(ByteString.copyFrom(data.array()))
        .build();
  }

  /**
   * Decrypts one payload; a payload that is not encrypted is returned as it is.
   *
   * @throws PayloadCodecException when the ring lacks the payload's key, or the payload was changed
   *     since it was encrypted
   */
  public static Payload decrypt(Payload payload, PayloadKeyRing ring) {
    if (!isEncrypted(payload)) {
      return payload;
    }
    ByteString idBytes = payload.getMetadataMap().get(KEY_ID_METADATA);
    String keyId = idBytes == null ? "" : idBytes.toStringUtf8();
    SecretKey key =
        ring.key(keyId)
            .orElseThrow(
                () ->
                    new PayloadCodecException(
                        "the payload was encrypted with key \""
                            + keyId
                            + "\", which is not in this process's payload key ring "
                            + ring.ids()
                            + "; keep retired keys in the ring after a rotation"));
    byte[] data = payload.getData().toByteArray();
    if (data.length < 1 + NONCE_BYTES + TAG_BITS / 8 || data[0] != FORMAT) {
      throw new PayloadCodecException("the encrypted payload is malformed");
    }
    byte[] nonce = new byte[NONCE_BYTES];
    System.arraycopy(data, 1, nonce, 0, NONCE_BYTES);
    try {
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, nonce, keyId);
      byte[] plain = cipher.doFinal(data, 1 + NONCE_BYTES, data.length - 1 - NONCE_BYTES);
      return Payload.parseFrom(plain);
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException(
          "the encrypted payload does not authenticate with key \""
              + keyId
              + "\": it was changed after it was encrypted",
          e);
    } catch (InvalidProtocolBufferException e) {
      throw new PayloadCodecException("the decrypted payload is not a payload", e);
    }
  }

  private static Cipher cipher(int mode, SecretKey key, byte[] nonce, String keyId)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
    return cipher;
  }
}
