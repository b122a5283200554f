package io.fleetflow.model.validation;

import java.util.List;

/**
 * Validates one kind of object. The gateway calls it before any workflow is touched, and the
 * object's workflow calls it again in its Update validators, so a client that bypasses the gateway
 * cannot store an invalid object either.
 *
 * @param <T> the kind of object
 */
public interface ObjectValidator<T> {
  /** Returns every problem with a new object; an empty list means it is valid. */
  List<FieldError> validateCreate(T object);

  /**
   * Returns every problem with replacing {@code current} by {@code proposed}, including changes to
   * fields that may not change.
   */
  default List<FieldError> validateUpdate(T current, T proposed) {
    return validateCreate(proposed);
  }
}
