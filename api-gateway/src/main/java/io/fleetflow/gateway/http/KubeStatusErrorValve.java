package io.fleetflow.gateway.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetflow.gateway.api.ApiException;
import io.fleetflow.gateway.api.KubeStatus;
import jakarta.servlet.RequestDispatcher;
import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the errors Tomcat raises before any filter or controller runs (a header block past the
 * limit, a request line it cannot parse, an encoded slash) with a Kubernetes Status instead of
 * Tomcat's HTML page, so clients always read a Status. Headers past {@code
 * server.max-http-request-header-size} are a 431.
 */
public class KubeStatusErrorValve extends ErrorReportValve {
  private static final Logger log = LoggerFactory.getLogger(KubeStatusErrorValve.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int code = response.getStatus();
    // As Tomcat's own valve: nothing for successes, for responses already written or reported.
    if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(false);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    Throwable cause =
        throwable != null
            ? throwable
            : (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    ApiException status = statusOf(code, cause);
    try {
      response.setStatus(status.code());
      response.setContentType("application/json");
      response.setCharacterEncoding("utf-8");
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(JSON.writeValueAsString(KubeStatus.failure(status)));
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      log.debug("could not write the Status of a refused request: {}", e.getMessage());
    }
  }

  static ApiException statusOf(int code, Throwable cause) {
    String message = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
    if (message.contains("header is too large") || code == 431) {
      return new ApiException(
          431,
          "RequestHeaderFieldsTooLarge",
          "the request's headers are larger than the 8 KiB the gateway accepts; send a shorter"
              + " token or fewer headers",
          null,
          null);
    }
    if (code == 400) {
      return ApiException.badRequest(
          "the request could not be read"
              + (message.isEmpty() ? "" : ": " + message)
              + " (check the request line, path and headers)");
    }
    return new ApiException(
        code,
        code >= 500 ? "InternalError" : "BadRequest",
        "the request failed with HTTP " + code + (message.isEmpty() ? "" : ": " + message),
        null,
        null);
  }
}
