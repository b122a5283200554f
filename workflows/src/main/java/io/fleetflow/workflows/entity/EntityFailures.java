package io.fleetflow.workflows.entity;

import io.fleetflow.model.validation.FieldError;
import io.fleetflow.model.validation.InvalidObjectException;
import io.temporal.failure.ApplicationFailure;
import java.util.List;

/**
 * The failures that entity Updates raise, by type. The gateway turns each type into a Kubernetes
 * Status with the matching HTTP code, so the type names are part of the contract.
 */
public final class EntityFailures {
  /** The object failed validation (422); details hold the {@link FieldError}s. */
  public static final String INVALID = "Invalid";

  /** The object exists already (409). */
  public static final String ALREADY_EXISTS = "AlreadyExists";

  /** The object was changed since the caller read it (409). */
  public static final String CONFLICT = "Conflict";

  /** The object does not exist (404). */
  public static final String NOT_FOUND = "NotFound";

  /** The request is understood but not allowed in the object's state (403). */
  public static final String FORBIDDEN = "Forbidden";

  private static final List<String> TYPES =
      List.of(INVALID, ALREADY_EXISTS, CONFLICT, NOT_FOUND, FORBIDDEN);

  private EntityFailures() {}

  /** Rejects an invalid object, carrying every field error. */
  public static ApplicationFailure invalid(String kind, String name, List<FieldError> errors) {
    return ApplicationFailure.newNonRetryableFailure(
        INVALID + ": " + new InvalidObjectException(kind, name, errors).getMessage(),
        INVALID,
        errors.toArray(new FieldError[0]));
  }

  /**
   * Finds the entity failure in a chain of causes. Temporal's Java SDK (1.38) replaces the type and
   * details of a failure raised in an Update validator with its own wrapper's and keeps only the
   * message, so every failure's message starts with {@code "<Type>: "} and the type is recovered
   * from it when the failure's own type is lost.
   */
  public static java.util.Optional<ApplicationFailure> find(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure failure) {
        if (TYPES.contains(failure.getType())) {
          return java.util.Optional.of(failure);
        }
        String message = failure.getOriginalMessage();
        int colon = message == null ? -1 : message.indexOf(": ");
        if (colon > 0 && TYPES.contains(message.substring(0, colon))) {
          return java.util.Optional.of(
              ApplicationFailure.newNonRetryableFailure(message, message.substring(0, colon)));
        }
      }
    }
    return java.util.Optional.empty();
  }

  /** Returns the failure's message without the {@code "<Type>: "} prefix. */
  public static String messageOf(ApplicationFailure failure) {
    String message = failure.getOriginalMessage();
    String prefix = failure.getType() + ": ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }

  /** Raises a failure of one of this class's types with a message for a person. */
  public static ApplicationFailure of(String type, String message) {
    return ApplicationFailure.newNonRetryableFailure(type + ": " + message, type);
  }
}
