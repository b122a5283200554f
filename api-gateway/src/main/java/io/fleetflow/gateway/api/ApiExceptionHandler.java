package io.fleetflow.gateway.api;

import io.fleetflow.client.EntityException;
import io.fleetflow.gateway.entity.EntityStatuses;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Turns every failure into a Kubernetes Status, so clients never see an HTML error page. */
@RestControllerAdvice
public class ApiExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  /** How long a client should wait before it retries a request that hit an outage. */
  static final int RETRY_AFTER_SECONDS = 1;

  @ExceptionHandler(ApiException.class)
  public ResponseEntity<Map<String, Object>> api(ApiException e) {
    return ResponseEntity.status(e.code())
        .contentType(MediaType.APPLICATION_JSON)
        .body(KubeStatus.failure(e));
  }

  @ExceptionHandler(NoResourceFoundException.class)
  public ResponseEntity<Map<String, Object>> noRoute(NoResourceFoundException e) {
    return api(
        new ApiException(
            404,
            "NotFound",
            "the server could not find the requested resource (" + e.getResourcePath() + ")",
            null,
            null));
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  public ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e) {
    return api(ApiException.unsupportedMediaType(e.getMessage()));
  }

  /** Spring's own refusals (method not allowed, unacceptable media type, ...) as a Status. */
  @ExceptionHandler(ErrorResponseException.class)
  public ResponseEntity<Map<String, Object>> spring(ErrorResponseException e) {
    return springStatus(e.getStatusCode().value(), e.getBody().getDetail());
  }

  @ExceptionHandler(jakarta.servlet.ServletException.class)
  public ResponseEntity<Map<String, Object>> servlet(jakarta.servlet.ServletException e) {
    if (e instanceof ErrorResponse response) {
      return springStatus(response.getStatusCode().value(), response.getBody().getDetail());
    }
    return springStatus(400, e.getMessage());
  }

  private ResponseEntity<Map<String, Object>> springStatus(int code, String message) {
    String reason =
        switch (code) {
          case 405 -> "MethodNotAllowed";
          case 406 -> "NotAcceptable";
          case 415 -> "UnsupportedMediaType";
          case 404 -> "NotFound";
          default -> code >= 500 ? "InternalError" : "BadRequest";
        };
    return api(new ApiException(code, reason, message, null, null));
  }

  /** A query parameter of the wrong type, such as {@code timeoutSeconds=abc}. */
  @ExceptionHandler(TypeMismatchException.class)
  public ResponseEntity<Map<String, Object>> parameter(TypeMismatchException e) {
    String name = e.getPropertyName() == null ? "a parameter" : e.getPropertyName();
    return api(
        ApiException.badRequest(name + " has a value of the wrong type: \"" + e.getValue() + "\""));
  }

  /**
   * An entity workflow's refusal, a change too large for Temporal, or a Temporal server that did
   * not answer, as a Status.
   */
  @ExceptionHandler(EntityException.class)
  public ResponseEntity<Map<String, Object>> entity(EntityException e) {
    if (e instanceof EntityException.Unavailable outage) {
      // A busy or restarting Temporal server is not the client's fault and usually passes within
      // seconds; a 504 with Retry-After makes kubectl and client-go retry instead of giving up.
      log.warn("Temporal did not answer in time ({}): {}", outage.code(), e.getMessage());
      return ResponseEntity.status(504)
          .header(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS))
          .contentType(MediaType.APPLICATION_JSON)
          .body(KubeStatus.failure(EntityStatuses.of(e)));
    }
    if (e instanceof EntityException.TooLarge) {
      log.warn("Temporal refused a request as too large: {}", e.getMessage());
    }
    return api(EntityStatuses.of(e));
  }

  @ExceptionHandler(RuntimeException.class)
  public ResponseEntity<Map<String, Object>> unexpected(RuntimeException e) {
    log.error("request failed", e);
    return api(
        new ApiException(500, "InternalError", "internal error: " + e.getMessage(), null, null));
  }
}
