package io.fleetflow.gateway.api;

import io.fleetflow.model.validation.ObjectLimits;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request's body up to {@link ObjectLimits#MAX_REQUEST_BYTES}: a body that says it is
 * larger is refused before a byte of it is read, and one that turns out larger stops being read at
 * the limit, each with 413 at once.
 */
public final class RequestBodies {
  private RequestBodies() {}

  /** Refuses a body whose Content-Length passes the limit, without reading it. */
  public static void checkDeclaredLength(HttpServletRequest request) {
    long declared = request.getContentLengthLong();
    if (declared > ObjectLimits.MAX_REQUEST_BYTES) {
      throw tooLarge(declared + " bytes");
    }
  }

  /** Returns the body, empty when there is none. */
  public static byte[] read(HttpServletRequest request) throws IOException {
    checkDeclaredLength(request);
    try (InputStream in = request.getInputStream()) {
      byte[] body = in.readNBytes(ObjectLimits.MAX_REQUEST_BYTES + 1);
      if (body.length > ObjectLimits.MAX_REQUEST_BYTES) {
        throw tooLarge("more than " + ObjectLimits.MAX_REQUEST_BYTES + " bytes");
      }
      return body;
    }
  }

  /** True when the request says it has a body (a length above 0, or chunks). */
  public static boolean announced(HttpServletRequest request) {
    return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
  }

  private static ApiException tooLarge(String size) {
    return ApiException.tooLarge(
        "the request body is "
            + size
            + "; at most "
            + ObjectLimits.MAX_REQUEST_BYTES
            + " bytes (3 MiB) are accepted, and an object itself may take at most "
            + ObjectLimits.MAX_OBJECT_BYTES
            + " bytes");
  }
}
