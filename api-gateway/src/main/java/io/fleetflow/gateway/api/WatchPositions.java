package io.fleetflow.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * How a watch's resourceVersion names a place in the change feed, and the answer to a stale one.
 */
final class WatchPositions {
  /** How many events a watch's client may fall behind before its watch ends. */
  static final int QUEUE = 10_000;

  private WatchPositions() {}

  /**
   * The feed position a watch resumes from, or null when it starts from the current objects: no
   * resourceVersion, or {@code 0} ("any", which Kubernetes also answers with the objects first).
   *
   * @throws ApiException 400 when the resourceVersion is not a number
   */
  static Long parse(String resourceVersion) {
    if (resourceVersion == null || resourceVersion.isEmpty() || resourceVersion.equals("0")) {
      return null;
    }
    try {
      long position = Long.parseLong(resourceVersion);
      if (position < 0) {
        throw new NumberFormatException();
      }
      return position;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          "resourceVersion must be a resourceVersion this server handed out (a list's or a"
              + " bookmark's), got "
              + resourceVersion);
    }
  }

  /**
   * The watch of a resourceVersion the cache no longer reaches back to: one ERROR event with
   * Kubernetes' 410 Expired Status, after which clients list again, as with any API server.
   */
  static StreamingResponseBody expired(String message, ObjectMapper json) {
    Map<String, Object> status =
        KubeStatus.failure(new ApiException(410, "Expired", message, null, null));
    return out -> {
      out.write(json.writeValueAsBytes(Map.of("type", "ERROR", "object", status)));
      out.write('\n');
      out.flush();
    };
  }
}
