package io.fleetflow.gateway.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds Kubernetes {@code Status} objects, the body of every error and of some successes. */
public final class KubeStatus {
  private KubeStatus() {}

  /** The Status of a failed request. */
  public static Map<String, Object> failure(ApiException e) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.put("metadata", Map.of());
    status.put("status", "Failure");
    status.put("message", e.getMessage());
    status.put("reason", e.reason());
    if (e.details() != null || !e.causes().isEmpty()) {
      Map<String, Object> details = new LinkedHashMap<>();
      if (e.details() != null) {
        details.put("name", e.details().name());
        details.put("group", e.details().group());
        details.put("kind", e.details().kind());
      }
      if (!e.causes().isEmpty()) {
        List<Map<String, String>> causes =
            e.causes().stream()
                .map(c -> Map.of("reason", c.reason(), "message", c.message(), "field", c.field()))
                .toList();
        details.put("causes", causes);
      }
      status.put("details", details);
    }
    status.put("code", e.code());
    return status;
  }

  /** The Status of a successful request that has no object to return. */
  public static Map<String, Object> success(String group, String kind, String name) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.put("metadata", Map.of());
    status.put("status", "Success");
    status.put("details", Map.of("name", name, "group", group, "kind", kind));
    return status;
  }
}
