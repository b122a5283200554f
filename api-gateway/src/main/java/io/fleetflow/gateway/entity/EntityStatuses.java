package io.fleetflow.gateway.entity;

import io.fleetflow.client.EntityException;
import io.fleetflow.gateway.api.ApiException;
import io.fleetflow.model.meta.ResourceKind;

/** Turns the entity client's refusals into the Kubernetes Statuses a client expects. */
public final class EntityStatuses {
  private EntityStatuses() {}

  /**
   * Returns the Status of a refusal: 404 NotFound, 409 AlreadyExists or Conflict, 422 Invalid, 403
   * Forbidden. An unavailable Temporal server is answered apart, with Retry-After (see {@link
   * io.fleetflow.gateway.api.ApiExceptionHandler}).
   */
  public static ApiException of(EntityException refusal) {
    ResourceKind<?> kind = refusal.kind();
    String name = refusal.name();
    String group = kind == null ? "" : kind.group();
    String plural = kind == null ? "" : kind.plural();
    var details = new ApiException.StatusDetails(name, group, plural);
    String message = refusal.getMessage();
    return switch (refusal) {
      case EntityException.NotFound e -> ApiException.notFound(group, plural, name);
      case EntityException.AlreadyExists e ->
          new ApiException(409, "AlreadyExists", message, details, null);
      case EntityException.Conflict e -> new ApiException(409, "Conflict", message, details, null);
      case EntityException.Invalid e -> new ApiException(422, "Invalid", message, details, null);
      case EntityException.Forbidden e ->
          new ApiException(403, "Forbidden", message, details, null);
      case EntityException.TooLarge e ->
          ApiException.tooLarge(message + "; make the object smaller, a retry cannot succeed");
      case EntityException.Unavailable e ->
          new ApiException(
              504,
              "Timeout",
              message + "; retry the request (a write may already have taken effect)",
              details,
              null);
    };
  }
}
