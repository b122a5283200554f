package io.fleetflow.model.validation;

/**
 * One problem with one field of an object, in the shape of a Kubernetes {@code StatusCause}.
 *
 * @param field the field's path, such as {@code spec.workload.manifests[1].metadata.name}; empty
 *     when the error is about the whole object (its size)
 * @param reason Kubernetes' cause type, such as {@code FieldValueRequired}
 * @param message what is wrong and what would be right, for a person to act on
 */
public record FieldError(String field, String reason, String message) {
  public static FieldError required(String field, String message) {
    return new FieldError(field, "FieldValueRequired", message);
  }

  public static FieldError invalid(String field, String message) {
    return new FieldError(field, "FieldValueInvalid", message);
  }

  public static FieldError notSupported(String field, Object value, Iterable<String> allowed) {
    return new FieldError(
        field,
        "FieldValueNotSupported",
        "Unsupported value: \"" + value + "\": supported values: " + String.join(", ", allowed));
  }

  public static FieldError duplicate(String field, String message) {
    return new FieldError(field, "FieldValueDuplicate", message);
  }

  public static FieldError forbidden(String field, String message) {
    return new FieldError(field, "FieldValueForbidden", message);
  }

  public static FieldError tooLong(String field, String message) {
    return new FieldError(field, "FieldValueTooLong", message);
  }

  /** Renders the error as Kubernetes does in a Status message; an empty field is the object. */
  @Override
  public String toString() {
    return field.isEmpty() ? message : field + ": " + message;
  }
}
