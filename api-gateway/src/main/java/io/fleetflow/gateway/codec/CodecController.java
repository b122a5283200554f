package io.fleetflow.gateway.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.fleetflow.gateway.api.ApiException;
import io.fleetflow.gateway.auth.AuthFilter;
import io.fleetflow.gateway.auth.Principal;
import io.fleetflow.gateway.auth.RequestAuthorizer;
import io.fleetflow.model.authz.Access;
import io.fleetflow.model.authz.DefaultPolicy;
import io.fleetflow.security.codec.AesGcmPayloadCodec;
import io.fleetflow.security.codec.PayloadCompression;
import io.fleetflow.security.codec.PayloadKeyRing;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodecException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The codec endpoint of the Temporal UI (its "codec server"): the UI posts the payloads of the
 * history it shows to {@code /codec/decode} and gets them back in plain JSON. Every request carries
 * a gateway token (a bearer header, or the cookie {@code /codec/login} sets), so reading payloads
 * needs the same credential as reading objects through the API. Viewers never see Secret data: the
 * values of every Secret in a decoded payload are redacted for them. {@code /codec/encode} (the UI
 * encodes what an operator sends, such as a signal's input) needs a role that may change objects.
 */
@RestController
@RequestMapping(path = "/codec", produces = MediaType.APPLICATION_JSON_VALUE)
public class CodecController {
  private static final Logger log = LoggerFactory.getLogger(CodecController.class);
  private static final String JSON_PLAIN = "json/plain";
  private static final PayloadCompression COMPRESSION = new PayloadCompression();

  private final PayloadKeys keys;
  private final ObjectMapper json;
  private final RequestAuthorizer authorizer;

  public CodecController(PayloadKeys keys, ObjectMapper json, RequestAuthorizer authorizer) {
    this.keys = keys;
    this.json = json;
    this.authorizer = authorizer;
  }

  /**
   * The payloads of a codec request or response, in the Temporal UI's JSON: metadata values and
   * data in base64.
   *
   * @param payloads the payloads, in order
   */
  public record Payloads(List<JsonPayload> payloads) {}

  /**
   * One payload in the Temporal UI's JSON.
   *
   * @param metadata metadata values in base64
   * @param data the data in base64
   */
  public record JsonPayload(Map<String, String> metadata, String data) {}

  @PostMapping(path = "/decode", consumes = MediaType.APPLICATION_JSON_VALUE)
  public Payloads decode(@RequestBody Payloads request, HttpServletRequest http) {
    Principal principal = principal(http);
    authorizer.require(
        principal.user(), principal.groups(), Access.path("post", DefaultPolicy.CODEC_DECODE));
    boolean redact =
        !authorizer.allows(
            principal.user(), principal.groups(), Access.path("get", DefaultPolicy.SECRET_VALUES));
    return new Payloads(
        payloads(request).stream().map(p -> toJson(decodeOne(fromJson(p), redact))).toList());
  }

  @PostMapping(path = "/encode", consumes = MediaType.APPLICATION_JSON_VALUE)
  public Payloads encode(@RequestBody Payloads request, HttpServletRequest http) {
    Principal principal = principal(http);
    authorizer.require(
        principal.user(), principal.groups(), Access.path("post", DefaultPolicy.CODEC_ENCODE));
    PayloadKeyRing ring = keys.ring().orElse(null);
    return new Payloads(
        payloads(request).stream()
            .map(this::fromJson)
            .map(p -> COMPRESSION.encode(List.of(p)).get(0))
            .map(p -> ring == null ? p : AesGcmPayloadCodec.encrypt(p, ring))
            .map(this::toJson)
            .toList());
  }

  private Payload decodeOne(Payload payload, boolean redact) {
    Payload plain = payload;
    PayloadKeyRing ring = keys.ring().orElse(null);
    if (ring != null) {
      try {
        plain = AesGcmPayloadCodec.decrypt(payload, ring);
      } catch (PayloadCodecException e) {
        // The UI shows a payload it cannot read as encrypted; the rest of the history still reads.
        log.warn("codec endpoint: a payload stays encrypted: {}", e.getMessage());
        return payload;
      }
    }
    try {
      // A large payload was compressed before it was encrypted; redaction reads the JSON inside.
      plain = COMPRESSION.decode(List.of(plain)).get(0);
    } catch (PayloadCodecException e) {
      log.warn("codec endpoint: a payload cannot be decompressed: {}", e.getMessage());
      return redact ? unreadable(plain) : plain;
    }
    return redact ? redacted(plain) : plain;
  }

  private static Payload unreadable(Payload payload) {
    return payload.toBuilder()
        .putMetadata(AesGcmPayloadCodec.ENCODING_METADATA, ByteString.copyFromUtf8(JSON_PLAIN))
        .setData(ByteString.copyFromUtf8("\"" + SecretRedaction.REDACTED + "\""))
        .build();
  }

  private Payload redacted(Payload payload) {
    ByteString encoding = payload.getMetadataMap().get(AesGcmPayloadCodec.ENCODING_METADATA);
    if (encoding == null || !encoding.toStringUtf8().equals(JSON_PLAIN)) {
      return payload;
    }
    try {
      JsonNode tree = json.readTree(payload.getData().toByteArray());
      if (SecretRedaction.redact(tree) == 0) {
        return payload;
      }
      return payload.toBuilder().setData(ByteString.copyFrom(json.writeValueAsBytes(tree))).build();
    } catch (IOException e) {
      // Not JSON after all: a viewer sees nothing rather than something unredacted.
      return unreadable(payload);
    }
  }

  private static List<JsonPayload> payloads(Payloads request) {
    if (request == null || request.payloads() == null) {
      throw ApiException.badRequest(
          "a codec request is {\"payloads\": [{\"metadata\": {...}, \"data\": \"<base64>\"}]}");
    }
    return request.payloads();
  }

  private Payload fromJson(JsonPayload payload) {
    try {
      Payload.Builder builder = Payload.newBuilder();
      if (payload.metadata() != null) {
        payload
            .metadata()
            .forEach(
                (k, v) ->
                    builder.putMetadata(k, ByteString.copyFrom(Base64.getDecoder().decode(v))));
      }
      if (payload.data() != null) {
        builder.setData(ByteString.copyFrom(Base64.getDecoder().decode(payload.data())));
      }
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "a payload's metadata and data must be base64: " + e.getMessage());
    }
  }

  private JsonPayload toJson(Payload payload) {
    Map<String, String> metadata = new LinkedHashMap<>();
    payload
        .getMetadataMap()
        .forEach((k, v) -> metadata.put(k, Base64.getEncoder().encodeToString(v.toByteArray())));
    return new JsonPayload(
        metadata, Base64.getEncoder().encodeToString(payload.getData().toByteArray()));
  }

  private static Principal principal(HttpServletRequest http) {
    return (Principal) http.getAttribute(AuthFilter.PRINCIPAL);
  }
}
