package io.fleetflow.client;

import io.fleetflow.model.meta.ResourceKind;

/**
 * Why a call to an entity workflow did not do what it asked, as one closed set of types that a
 * caller can switch over. The gateway turns each into a Kubernetes Status (404, 409, 422, 403,
 * 504); the hub's activities and the agent decide per type whether to retry, skip or fail.
 *
 * <p>{@link #kind()} is the kind the call addressed, or null when the call named a workflow by its
 * ID alone; {@link #name()} is the object's name (the last part of its workflow ID).
 */
public abstract sealed class EntityException extends RuntimeException
    permits EntityException.NotFound,
        EntityException.AlreadyExists,
        EntityException.Conflict,
        EntityException.Invalid,
        EntityException.Forbidden,
        EntityException.TooLarge,
        EntityException.Unavailable {
  private final transient ResourceKind<?> kind;
  private final String name;

  EntityException(ResourceKind<?> kind, String name, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.name = name;
  }

  /** The kind the call addressed, or null when it named a workflow by ID alone. */
  public ResourceKind<?> kind() {
    return kind;
  }

  /** The name of the object the call addressed. */
  public String name() {
    return name;
  }

  /**
   * The object does not exist: its workflow never ran, has ended (a closed entity workflow is a
   * deleted object), or has not been created yet.
   */
  public static final class NotFound extends EntityException {
    NotFound(ResourceKind<?> kind, String name, String message, Throwable cause) {
      super(kind, name, message, cause);
    }
  }

  /** A {@code create} found the object already there. */
  public static final class AlreadyExists extends EntityException {
    AlreadyExists(ResourceKind<?> kind, String name, String message, Throwable cause) {
      super(kind, name, message, cause);
    }
  }

  /**
   * The object changed since the caller read it (a stale {@code resourceVersion}), or the request
   * does not fit the object's state (approving when no gate waits).
   */
  public static final class Conflict extends EntityException {
    Conflict(ResourceKind<?> kind, String name, String message, Throwable cause) {
      super(kind, name, message, cause);
    }
  }

  /** The workflow's validator found the object invalid. */
  public static final class Invalid extends EntityException {
    Invalid(ResourceKind<?> kind, String name, String message, Throwable cause) {
      super(kind, name, message, cause);
    }
  }

  /** The workflow refused the caller: its role does not allow this change of this object. */
  public static final class Forbidden extends EntityException {
    Forbidden(ResourceKind<?> kind, String name, String message, Throwable cause) {
      super(kind, name, message, cause);
    }
  }

  /**
   * Temporal refused the request as too large to carry (gRPC's message limit, Temporal's blob size
   * limit); no retry can succeed, only a smaller object.
   */
  public static final class TooLarge extends EntityException {
    TooLarge(ResourceKind<?> kind, String name, String description, Throwable cause) {
      super(
          kind, name, "the change is too large for Temporal to carry (" + description + ")", cause);
    }
  }

  /**
   * The Temporal server did not answer in time, could not be reached, or is overloaded; the request
   * may or may not have taken effect, and may be retried.
   */
  public static final class Unavailable extends EntityException {
    private final String code;

    Unavailable(ResourceKind<?> kind, String name, String code, Throwable cause) {
      super(kind, name, "the Temporal server did not answer in time (" + code + ")", cause);
      this.code = code;
    }

    /** The gRPC status code that said so: DEADLINE_EXCEEDED, UNAVAILABLE, RESOURCE_EXHAUSTED. */
    public String code() {
      return code;
    }
  }
}
