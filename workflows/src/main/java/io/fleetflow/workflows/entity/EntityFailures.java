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

  private EntityFailures() {}

  /** Rejects an invalid object, carrying every field error. */
  public static ApplicationFailure invalid(String kind, String name, List<FieldError> errors) {
    return ApplicationFailure.newNonRetryableFailure(
        new InvalidObjectException(kind, name, errors).getMessage(),
        INVALID,
        errors.toArray(new FieldError[0]));
  }

  /** Raises a failure of one of this class's types with a message for a person. */
  public static ApplicationFailure of(String type, String message) {
    return ApplicationFailure.newNonRetryableFailure(message, type);
  }
}
