package io.fleetflow.gateway.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import io.fleetflow.model.validation.FieldError;
import io.fleetflow.model.validation.ObjectLimits;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Reads a body's tokens once, without building anything, and refuses it before it is parsed into
 * objects: nesting past {@link ObjectLimits#MAX_DEPTH} (422, naming where), anything after the one
 * object (trailing bytes after JSON, a second YAML document: 400), and a body that is not one
 * object (400).
 */
final class BodyScanner {
  private BodyScanner() {}

  /**
   * Checks a body's shape.
   *
   * @param factory the parser factory of the body's format (JSON or YAML)
   * @param body the body's bytes
   * @param yaml whether the body is YAML, for the messages
   * @param list whether the one root is a list (a JSON patch's operations) rather than an object
   * @throws ApiException 400 or 422 as the class says
   */
  static void check(JsonFactory factory, byte[] body, boolean yaml, boolean list) {
    String format = yaml ? "YAML" : "JSON";
    boolean rootEnded = false;
    int depth = 0;
    try (JsonParser parser = factory.createParser(body)) {
      JsonToken token;
      while (true) {
        try {
          token = parser.nextToken();
        } catch (JsonProcessingException e) {
          throw rootEnded
              ? trailing(yaml)
              : ApiException.badRequest(
                  "the request body is not valid JSON or YAML ("
                      + format
                      + " expected): "
                      + e.getOriginalMessage());
        }
        if (token == null) {
          break;
        }
        if (rootEnded) {
          if (yaml && token == JsonToken.VALUE_NULL) {
            // An empty document, such as after a final "---": nothing is lost by ignoring it.
            continue;
          }
          throw trailing(yaml);
        }
        if (depth == 0 && token != (list ? JsonToken.START_ARRAY : JsonToken.START_OBJECT)) {
          throw ApiException.badRequest(oneRoot(list));
        }
        if (token.isStructStart()) {
          depth++;
          if (depth > ObjectLimits.MAX_DEPTH) {
            FieldError error = ObjectLimits.tooDeep(path(parser.getParsingContext(), false));
            throw new ApiException(
                422, "Invalid", "the request body is invalid: " + error, null, List.of(error));
          }
        } else if (token.isStructEnd()) {
          depth--;
          rootEnded = depth == 0;
        }
      }
    } catch (IOException e) {
      throw ApiException.badRequest("the request body cannot be read: " + e.getMessage());
    }
  }

  /** What the body must be: one object, or for a JSON patch one list of operations. */
  static String oneRoot(boolean list) {
    return list
        ? "a JSON patch must be a list of operations, such as [{\"op\": \"replace\", \"path\":"
            + " \"/spec/hubAcceptsClient\", \"value\": true}]"
        : "the request body must be one object";
  }

  private static ApiException trailing(boolean yaml) {
    return ApiException.badRequest(
        yaml
            ? "the request body holds more than one YAML document: send one object per request"
                + " (kubectl apply -f sends each document of a file on its own)"
            : "the request body has data after the JSON object: send exactly one object");
  }

  /**
   * The path of where a parser stands, as {@code spec.workload.manifests[0].data}: of the value it
   * is on ({@code withCurrent}), or of the container it just opened.
   */
  static String path(JsonStreamContext context, boolean withCurrent) {
    Deque<String> segments = new ArrayDeque<>();
    JsonStreamContext start = withCurrent ? context : context.getParent();
    for (JsonStreamContext c = start; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        segments.push("[" + c.getCurrentIndex() + "]");
      } else if (c.getCurrentName() != null) {
        segments.push("." + c.getCurrentName());
      }
    }
    String joined = String.join("", segments);
    return joined.startsWith(".") ? joined.substring(1) : joined;
  }
}
