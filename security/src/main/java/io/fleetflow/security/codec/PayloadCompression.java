package io.fleetflow.security.codec;

import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.ZlibPayloadCodec;
import java.util.List;

/**
 * Compresses the payloads that grow with the fleet, so they stay well under Temporal's 2 MB limit
 * per payload: a replica set's state that continue-as-new carries (some 2.9 KB per cluster), the
 * works a query lists, a feed batch. Payloads larger than {@link #THRESHOLD_BYTES} are written in
 * Temporal's own {@code binary/zlib} format ({@link ZlibPayloadCodec}, which every SDK and the CLI
 * read); smaller ones, nearly all of them, stay as they are, so the Temporal UI shows them without
 * a codec server. Decoding reads both.
 *
 * <p>Every Temporal client of Fleetflow decodes with it (hub, gateway, front door, agents), since
 * any of them may read a large payload another wrote. Where payloads are also encrypted, they are
 * compressed first: encrypted bytes do not compress.
 */
public final class PayloadCompression implements PayloadCodec {
  /** Payloads larger than this, serialized, are compressed. */
  public static final int THRESHOLD_BYTES = 128 * 1024;

  private final ZlibPayloadCodec zlib = new ZlibPayloadCodec();

  /** Temporal's standard JSON conversion with large payloads compressed, for plain-text hubs. */
  public static DataConverter dataConverter() {
    return new CodecDataConverter(
        DefaultDataConverter.STANDARD_INSTANCE, List.of(new PayloadCompression()));
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    return payloads.stream()
        .map(p -> p.getSerializedSize() > THRESHOLD_BYTES ? zlib.encode(List.of(p)).get(0) : p)
        .toList();
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    return zlib.decode(payloads);
  }
}
