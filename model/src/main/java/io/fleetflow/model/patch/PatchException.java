package io.fleetflow.model.patch;

/**
 * A patch that cannot be applied: malformed ({@link #malformed()}, a 400 as Kubernetes answers it),
 * or well-formed but not applicable to the object as it is, such as a failed {@code test} operation
 * or a path that does not exist (a 422).
 */
public final class PatchException extends RuntimeException {
  private final boolean malformed;

  PatchException(String message, boolean malformed, Throwable cause) {
    super(message, cause);
    this.malformed = malformed;
  }

  /** Returns true when the patch document itself is wrong, whatever it is applied to. */
  public boolean malformed() {
    return malformed;
  }
}
