package io.fleetflow.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The simulator's answers (JSON bodies, Kubernetes Status objects) and its internal requests. */
final class Responses {
  static final ObjectMapper JSON = new ObjectMapper();

  private Responses() {}

  /** A JSON answer. */
  static MockResponse json(int code, Object body) {
    try {
      return new MockResponse()
          .setResponseCode(code)
          .setHeader("Content-Type", "application/json")
          .setBody(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A Kubernetes Status of a failure, with its causes when there are some. */
  static MockResponse status(
      int code, String reason, String message, List<Map<String, Object>> causes) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.put("status", "Failure");
    status.put("message", message);
    status.put("reason", reason);
    status.put("code", code);
    if (causes != null) {
      status.put("details", Map.of("causes", causes));
    }
    return json(code, status);
  }

  /** A JSON request to hand to fabric8's CRUD dispatcher. */
  static RecordedRequest request(HttpMethod method, String path, Object body) {
    Buffer buffer = new Buffer();
    if (body != null) {
      try {
        buffer.writeUtf8(JSON.writeValueAsString(body));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    Headers headers = Headers.builder().add("Content-Type", "application/json").build();
    return new RecordedRequest("HTTP/1.1", method, path, headers, buffer);
  }
}
