package io.fleetflow.security.codec;

import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data converter of every Temporal client that holds the payload keys (hub, gateway, front
 * door, tests that read histories): Temporal's standard JSON conversion, then {@link
 * PayloadCompression} for large payloads, then {@link AesGcmPayloadCodec}. Workflow inputs,
 * results, signals, updates, queries, activity inputs and results, heartbeat details and memos are
 * encrypted; search attributes are not (the server must read them), nor are failure messages.
 */
public final class PayloadEncryption {
  private static final Logger log = LoggerFactory.getLogger(PayloadEncryption.class);

  private PayloadEncryption() {}

  /** The encrypting data converter over a key ring. */
  public static DataConverter dataConverter(PayloadKeyRing keys) {
    // Codecs encode from the last to the first: compressed first, then encrypted.
    return new CodecDataConverter(
        DefaultDataConverter.STANDARD_INSTANCE,
        List.of(new AesGcmPayloadCodec(keys), new PayloadCompression()));
  }

  /**
   * The data converter for a process configured with a key ring location, or the plain one
   * (payloads in plain text, large ones compressed, with a warning) when none is configured.
   *
   * @param keys the key ring file or directory, or null or blank for none
   * @param process the process's name, for the warning
   */
  public static DataConverter dataConverter(String keys, String process) {
    if (keys == null || keys.isBlank()) {
      log.warn(
          "{}: no payload key ring configured (fleetflow.payload-keys): payloads are written to"
              + " Temporal's history in plain text",
          process);
      return PayloadCompression.dataConverter();
    }
    PayloadKeyRing ring = PayloadKeyRing.read(Path.of(keys));
    log.info(
        "{}: payloads are encrypted with key {} (ring holds {})",
        process,
        ring.activeId(),
        ring.ids());
    return dataConverter(ring);
  }
}
