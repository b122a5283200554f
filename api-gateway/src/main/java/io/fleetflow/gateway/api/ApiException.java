package io.fleetflow.gateway.api;

import io.fleetflow.model.validation.FieldError;
import io.fleetflow.model.validation.InvalidObjectException;
import java.util.List;

/**
 * A request that fails with a Kubernetes Status: an HTTP code, a CamelCase reason and a message a
 * person can act on.
 */
public class ApiException extends RuntimeException {
  private final int code;
  private final String reason;
  private final transient List<FieldError> causes;
  private final transient StatusDetails details;

  /** What the failure is about, as Status.details names it. */
  public record StatusDetails(String name, String group, String kind) {}

  public ApiException(
      int code, String reason, String message, StatusDetails details, List<FieldError> causes) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.details = details;
    this.causes = causes == null ? List.of() : List.copyOf(causes);
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, "BadRequest", message, null, null);
  }

  public static ApiException notFound(String group, String plural, String name) {
    return new ApiException(
        404,
        "NotFound",
        plural + (group.isEmpty() ? "" : "." + group) + " \"" + name + "\" not found",
        new StatusDetails(name, group, plural),
        null);
  }

  /** A body or object past the gateway's limits: Kubernetes' RequestEntityTooLarge. */
  public static ApiException tooLarge(String message) {
    return new ApiException(413, "RequestEntityTooLarge", message, null, null);
  }

  /** An object that breaks the rules of its kind, every broken field named. */
  public static ApiException invalid(
      String kind, String group, String name, List<FieldError> errors) {
    return new ApiException(
        422,
        "Invalid",
        new InvalidObjectException(kind, name, errors).getMessage(),
        new StatusDetails(name, group, kind),
        errors);
  }

  public static ApiException unsupportedMediaType(String message) {
    return new ApiException(415, "UnsupportedMediaType", message, null, null);
  }

  /** Watches are served as HTTP streams (as kubectl reads them), not over WebSockets. */
  public static ApiException webSocketRefused() {
    return new ApiException(
        503,
        "ServiceUnavailable",
        "watches are served as HTTP streams, not over WebSocket: repeat the request without"
            + " 'Upgrade: websocket' (the fabric8 client does so by itself)",
        null,
        null);
  }

  public int code() {
    return code;
  }

  public String reason() {
    return reason;
  }

  public StatusDetails details() {
    return details;
  }

  public List<FieldError> causes() {
    return causes;
  }
}
