package io.fleetflow.security.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AesGcmPayloadCodecTest {
  private static final String SECRET_MANIFEST =
      "{\"kind\":\"Secret\",\"data\":{\"password\":\"aHVudGVyMg==\"}}";

  @TempDir Path dir;

  private PayloadKeyRing ring(String... lines) {
    return PayloadKeyRing.parse(String.join("\n", lines), "test ring");
  }

  private static String key(int seed) {
    byte[] bytes = new byte[32];
    java.util.Arrays.fill(bytes, (byte) seed);
    return java.util.Base64.getEncoder().encodeToString(bytes);
  }

  private static Payload json(String text) {
    return Payload.newBuilder()
        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8(text))
        .build();
  }

  @Test
  void aSecretInAPayloadIsNotReadableAfterEncodingAndComesBackWhole() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(ring("k1=" + key(1), "active=k1"));

    Payload encrypted = codec.encode(List.of(json(SECRET_MANIFEST))).get(0);

    assertThat(encrypted.getData().toString(StandardCharsets.ISO_8859_1))
        .doesNotContain("aHVudGVyMg==")
        .doesNotContain("Secret");
    assertThat(encrypted.getMetadataMap())
        .containsEntry("encoding", ByteString.copyFromUtf8("binary/encrypted"))
        .containsEntry("encryption-key-id", ByteString.copyFromUtf8("k1"));
    assertThat(codec.decode(List.of(encrypted))).containsExactly(json(SECRET_MANIFEST));
  }

  @Test
  void theSamePayloadEncryptsDifferentlyEachTime() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(ring("k1=" + key(1), "active=k1"));

    List<Payload> twice = codec.encode(List.of(json("{}"), json("{}")));

    assertThat(twice.get(0).getData()).isNotEqualTo(twice.get(1).getData());
  }

  @Test
  void afterARotationOldPayloadsStillDecodeAndNewOnesUseTheNewKey() {
    Payload old =
        new AesGcmPayloadCodec(ring("k1=" + key(1), "active=k1"))
            .encode(List.of(json(SECRET_MANIFEST)))
            .get(0);
    AesGcmPayloadCodec rotated =
        new AesGcmPayloadCodec(ring("k1=" + key(1), "k2=" + key(2), "active=k2"));

    Payload fresh = rotated.encode(List.of(json("{\"n\":2}"))).get(0);

    assertThat(rotated.decode(List.of(old, fresh)))
        .containsExactly(json(SECRET_MANIFEST), json("{\"n\":2}"));
    assertThat(fresh.getMetadataMap().get("encryption-key-id").toStringUtf8()).isEqualTo("k2");
  }

  @Test
  void aRetiredKeyMissingFromTheRingIsNamedInTheError() {
    Payload old =
        new AesGcmPayloadCodec(ring("k1=" + key(1), "active=k1"))
            .encode(List.of(json("{}")))
            .get(0);
    AesGcmPayloadCodec withoutK1 = new AesGcmPayloadCodec(ring("k2=" + key(2), "active=k2"));

    assertThatThrownBy(() -> withoutK1.decode(List.of(old)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("key \"k1\"")
        .hasMessageContaining("keep retired keys in the ring");
  }

  @Test
  void aChangedByteOrASwappedKeyIdFailsToDecrypt() {
    PayloadKeyRing both = ring("k1=" + key(1), "k2=" + key(1), "active=k1");
    Payload encrypted = new AesGcmPayloadCodec(both).encode(List.of(json("{}"))).get(0);
    byte[] data = encrypted.getData().toByteArray();
    data[data.length - 1] ^= 1;
    Payload flipped = encrypted.toBuilder().setData(ByteString.copyFrom(data)).build();
    // Same key bytes under another id: only the authenticated key id tells them apart.
    Payload swapped =
        encrypted.toBuilder()
            .putMetadata("encryption-key-id", ByteString.copyFromUtf8("k2"))
            .build();
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(both);

    assertThatThrownBy(() -> codec.decode(List.of(flipped)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("changed after it was encrypted");
    assertThatThrownBy(() -> codec.decode(List.of(swapped)))
        .isInstanceOf(PayloadCodecException.class);
  }

  @Test
  void plainPayloadsWrittenBeforeEncryptionPassThrough() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(ring("k1=" + key(1), "active=k1"));

    assertThat(codec.decode(List.of(json("{\"old\":true}"))))
        .containsExactly(json("{\"old\":true}"));
  }

  @Test
  void theDataConverterWritesNoPlainTextAndReadsItsOwnValues() {
    DataConverter converter = PayloadEncryption.dataConverter(ring("k1=" + key(1), "active=k1"));

    Optional<Payload> payload = converter.toPayload(Map.of("password", "hunter2"));

    assertThat(payload.orElseThrow().getData().toStringUtf8()).doesNotContain("hunter2");
    assertThat(converter.fromPayload(payload.get(), Map.class, Map.class))
        .isEqualTo(Map.of("password", "hunter2"));
  }

  @Test
  void aKeyRingReadsFromAFileAndFromAMountedSecretDirectory() throws Exception {
    Path file = dir.resolve("payload-keys");
    Files.writeString(file, "# keys\nk1=" + key(1) + "\nk2=" + key(2) + "\nactive=k2\n");
    Path secret = Files.createDirectories(dir.resolve("secret"));
    Files.writeString(secret.resolve("k1"), key(1) + "\n");
    Files.writeString(secret.resolve("active"), "k1\n");
    Files.createDirectories(secret.resolve("..data"));
    Files.writeString(secret.resolve(".hidden"), "ignored");

    PayloadKeyRing fromFile = PayloadKeyRing.read(file);
    PayloadKeyRing fromSecret = PayloadKeyRing.read(secret);

    assertThat(fromFile.ids()).containsExactly("k1", "k2");
    assertThat(fromFile.activeId()).isEqualTo("k2");
    assertThat(fromSecret.ids()).containsExactly("k1");
    assertThat(fromSecret.activeId()).isEqualTo("k1");
  }

  @Test
  void unusableKeyRingsAreRefusedWithTheLineToFix() {
    assertThatThrownBy(() -> ring("k1=" + key(1))).hasMessageContaining("active=<key id>");
    assertThatThrownBy(() -> ring("k1=" + key(1), "active=k9"))
        .hasMessageContaining("the active key k9 is not in the ring");
    assertThatThrownBy(() -> ring("k1=c2hvcnQ=", "active=k1"))
        .hasMessageContaining("line 1")
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> ring("k1=" + key(1), "k1=" + key(2), "active=k1"))
        .hasMessageContaining("appears twice");
    assertThatThrownBy(() -> ring("k 1=" + key(1), "active=k 1"))
        .hasMessageContaining("must be letters");
    assertThatThrownBy(() -> ring("just a line")).hasMessageContaining("line 1");
  }

  @Test
  void rotationKeepsOldKeysAndActivatesTheNewOne() {
    Path file = dir.resolve("keys");
    assertThat(PayloadKeyRing.createIfMissing(file)).isTrue();
    assertThat(PayloadKeyRing.createIfMissing(file)).isFalse();
    PayloadKeyRing before = PayloadKeyRing.read(file);

    String added = PayloadKeyRing.rotate(file);
    PayloadKeyRing after = PayloadKeyRing.read(file);

    assertThat(after.activeId()).isEqualTo(added).isNotEqualTo(before.activeId());
    assertThat(after.ids()).contains(before.activeId(), added);
    assertThat(after.key(before.activeId())).isEqualTo(before.key(before.activeId()));
  }
}
