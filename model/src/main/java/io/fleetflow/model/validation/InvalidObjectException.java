package io.fleetflow.model.validation;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when an object fails validation; carries every field error at once. */
public class InvalidObjectException extends RuntimeException {
  private final transient List<FieldError> errors;

  public InvalidObjectException(String kind, String name, List<FieldError> errors) {
    super(
        kind
            + " \""
            + name
            + "\" is invalid: "
            + errors.stream().map(FieldError::toString).collect(Collectors.joining(", ")));
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }
}
