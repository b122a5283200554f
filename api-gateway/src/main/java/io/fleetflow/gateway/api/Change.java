package io.fleetflow.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetflow.model.meta.Actor;
import java.util.ArrayList;
import java.util.List;

/**
 * A write request's parts other than its path: the body, its content type, how strictly unknown
 * fields are treated, who asks, and the warnings collected while reading it.
 *
 * @param body the body as a JSON tree, or null when the request has none
 * @param contentType the body's media type, never null
 * @param validation the request's {@code fieldValidation}
 * @param actor the authenticated caller with the reason they gave
 * @param warnings warnings for the response's {@code Warning} headers
 */
public record Change(
    JsonNode body,
    String contentType,
    FieldValidation validation,
    Actor actor,
    List<String> warnings) {
  public Change {
    warnings = new ArrayList<>(warnings);
  }

  /** Returns the body, refusing a request without one. */
  public JsonNode requireBody() {
    if (body == null) {
      throw ApiException.badRequest("the request has no body: send the object as JSON or YAML");
    }
    return body;
  }
}
