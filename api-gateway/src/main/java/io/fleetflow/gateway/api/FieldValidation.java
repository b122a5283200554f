package io.fleetflow.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes' {@code fieldValidation} for fields the kind does not know: {@code Strict} refuses the
 * request, {@code Warn} (the default) accepts it with a warning per field, {@code Ignore} accepts
 * it silently. kubectl sends {@code Strict} unless told otherwise, so a misspelt field is an error
 * rather than a silently lost setting.
 */
public enum FieldValidation {
  STRICT,
  WARN,
  IGNORE;

  /** Parses the query parameter; null means the default, Warn. */
  public static FieldValidation of(String parameter) {
    if (parameter == null || parameter.isEmpty()) {
      return WARN;
    }
    return switch (parameter) {
      case "Strict" -> STRICT;
      case "Warn" -> WARN;
      case "Ignore" -> IGNORE;
      default ->
          throw ApiException.badRequest(
              "fieldValidation must be Strict, Warn or Ignore, got \"" + parameter + "\"");
    };
  }

  /**
   * Compares what the client sent with what the kind kept of it.
   *
   * @param sent the request body as sent
   * @param kept the parsed object written back as JSON
   * @return warnings to send, one per unknown field (empty unless Warn)
   * @throws ApiException 400 under Strict when a field is unknown
   */
  public List<String> check(JsonNode sent, JsonNode kept) {
    if (this == IGNORE) {
      return List.of();
    }
    List<String> unknown = new ArrayList<>();
    collect("", sent, kept, unknown);
    if (unknown.isEmpty()) {
      return List.of();
    }
    List<String> messages = unknown.stream().map(path -> "unknown field \"" + path + "\"").toList();
    if (this == STRICT) {
      throw ApiException.badRequest("strict decoding error: " + String.join(", ", messages));
    }
    return messages;
  }

  private static void collect(String path, JsonNode sent, JsonNode kept, List<String> unknown) {
    if (sent.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = sent.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        if (field.getValue().isNull()) {
          continue;
        }
        if (kept == null || !kept.has(field.getKey())) {
          unknown.add(child);
        } else {
          collect(child, field.getValue(), kept.get(field.getKey()), unknown);
        }
      }
    } else if (sent.isArray() && kept != null && kept.isArray()) {
      for (int i = 0; i < sent.size() && i < kept.size(); i++) {
        collect(path + "[" + i + "]", sent.get(i), kept.get(i), unknown);
      }
    }
  }
}
