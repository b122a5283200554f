package io.fleetflow.security.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.ZlibPayloadCodec;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Large payloads travel compressed in Temporal's own zlib format, small ones as they are, and an
 * encrypting hub compresses before it encrypts.
 */
class PayloadCompressionTest {
  private static final PayloadCompression CODEC = new PayloadCompression();

  @Test
  void aSmallPayloadStaysReadableAsItIs() {
    Payload small = PayloadCompression.dataConverter().toPayload("hello").orElseThrow();

    assertThat(small.getMetadataOrThrow("encoding").toStringUtf8()).isEqualTo("json/plain");
    assertThat(small.getData().toStringUtf8()).isEqualTo("\"hello\"");
  }

  @Test
  void aLargePayloadTravelsCompressedAndReadsBackTheSame() {
    DataConverter converter = PayloadCompression.dataConverter();
    List<String> works = works(5000);

    Payload encoded = converter.toPayload(works).orElseThrow();

    assertThat(encoded.getMetadataOrThrow("encoding").toStringUtf8()).isEqualTo("binary/zlib");
    assertThat(encoded.getSerializedSize()).isLessThan(standardSize(works) / 4);
    assertThat(converter.fromPayload(encoded, List.class, List.class)).isEqualTo(works);
  }

  @Test
  void whatTemporalsOwnZlibCodecWroteIsRead() {
    Payload plain =
        Payload.newBuilder()
            .setData(com.google.protobuf.ByteString.copyFromUtf8("x"))
            .putMetadata("encoding", com.google.protobuf.ByteString.copyFromUtf8("json/plain"))
            .build();
    Payload zipped = new ZlibPayloadCodec().encode(List.of(plain)).get(0);

    assertThat(CODEC.decode(List.of(zipped))).containsExactly(plain);
  }

  @Test
  void anEncryptingHubCompressesFirstSinceEncryptedBytesDoNotCompress() {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) 3);
    PayloadKeyRing ring =
        PayloadKeyRing.parse(
            "k1=" + java.util.Base64.getEncoder().encodeToString(bytes) + "\nactive=k1", "ring");
    DataConverter converter = PayloadEncryption.dataConverter(ring);
    List<String> works = works(5000);

    Payload encoded = converter.toPayload(works).orElseThrow();

    assertThat(encoded.getMetadataOrThrow("encoding").toStringUtf8())
        .isEqualTo(AesGcmPayloadCodec.ENCODING);
    Payload decrypted = AesGcmPayloadCodec.decrypt(encoded, ring);
    assertThat(decrypted.getMetadataOrThrow("encoding").toStringUtf8()).isEqualTo("binary/zlib");
    assertThat(encoded.getSerializedSize()).isLessThan(standardSize(works) / 4);
    assertThat(converter.fromPayload(encoded, List.class, List.class)).isEqualTo(works);
  }

  private static int standardSize(Object value) {
    return DefaultDataConverter.STANDARD_INSTANCE
        .toPayload(value)
        .orElseThrow()
        .getSerializedSize();
  }

  /** Work-like JSON lines, alike but for their UIDs, as a replica set's state holds them. */
  private static List<String> works(int count) {
    java.util.Random random = new java.util.Random(1);
    return java.util.stream.IntStream.range(0, count)
        .mapToObj(
            i ->
                "{\"cluster\":\"cluster-%04d\",\"uid\":\"%s\",\"conditions\":[{\"type\":\"Applied\","
                        .formatted(i, new java.util.UUID(random.nextLong(), random.nextLong()))
                    + "\"status\":\"True\",\"reason\":\"AppliedManifestWorkComplete\"}]}")
        .toList();
  }
}
