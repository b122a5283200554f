package io.fleetflow.gateway.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Hides the values of Kubernetes Secrets inside a decoded payload, wherever they are nested (a
 * ManifestWork's manifests, an apply request to an agent, a takeover profile's resources): every
 * object whose {@code kind} is {@code Secret} keeps its keys, but each value of {@code data} and
 * {@code stringData} becomes {@value #REDACTED}.
 */
public final class SecretRedaction {
  /** What a redacted value reads as. */
  public static final String REDACTED = "<redacted: Secret data is hidden from viewers>";

  private SecretRedaction() {}

  /**
   * Redacts a JSON tree in place.
   *
   * @return how many values were hidden
   */
  public static int redact(JsonNode node) {
    int hidden = 0;
    if (node instanceof ObjectNode object) {
      JsonNode kind = object.get("kind");
      if (kind != null && kind.isTextual() && kind.asText().equals("Secret")) {
        hidden += hideValues(object.get("data")) + hideValues(object.get("stringData"));
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        hidden += redact(it.next().getValue());
      }
    } else if (node instanceof ArrayNode array) {
      for (JsonNode element : array) {
        hidden += redact(element);
      }
    }
    return hidden;
  }

  private static int hideValues(JsonNode values) {
    if (!(values instanceof ObjectNode object)) {
      return 0;
    }
    int hidden = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (!(entry.getValue() instanceof TextNode text && text.asText().equals(REDACTED))) {
        entry.setValue(TextNode.valueOf(REDACTED));
        hidden++;
      }
    }
    return hidden;
  }
}
