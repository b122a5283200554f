package io.fleetflow.model.addon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash of a config's spec that OCM's status fields carry ({@code specHash}): SHA-256 of the
 * spec's JSON with map keys sorted, so the same content always has the same hash and any change to
 * it a different one.
 */
public final class SpecHashes {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private SpecHashes() {}

  /** Returns the hex SHA-256 of the spec's canonical JSON. */
  public static String of(Object spec) {
    try {
      byte[] json =
          JSON.writeValueAsString(JSON.convertValue(spec, Object.class))
              .getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
    } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot hash a config spec", e);
    }
  }
}
