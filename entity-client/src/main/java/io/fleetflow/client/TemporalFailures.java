package io.fleetflow.client;

import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.workflows.entity.EntityFailures;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowQueryRejectedException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The one mapping of what Temporal's client throws to {@link EntityException}s. What it does not
 * recognise (a bug in a workflow, an unexpected server error) passes through unchanged, so it is
 * never mistaken for a refusal.
 */
final class TemporalFailures {
  private static final Set<Status.Code> TRANSIENT =
      Set.of(
          Status.Code.DEADLINE_EXCEEDED, Status.Code.UNAVAILABLE, Status.Code.RESOURCE_EXHAUSTED);

  private TemporalFailures() {}

  /** Runs one call to an entity workflow and translates its failure. */
  static <R> R call(ResourceKind<?> kind, String name, Supplier<R> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      throw translate(kind, name, e);
    }
  }

  /** How often an update refused for a workflow task failure is sent in all. */
  static final int UPDATE_ATTEMPTS = 4;

  /**
   * Runs one update of an entity workflow and translates its failure; an update that Temporal
   * refused because the workflow's task failed just then ({@link #updateRefusedByTaskFailure}) is
   * sent again, a moment later, up to {@link #UPDATE_ATTEMPTS} times in all: the update was never
   * admitted, and by the next attempt the workflow has either handled its task or ended (then the
   * update finds it gone, a 404 rather than a 500).
   */
  static <R> R callUpdate(ResourceKind<?> kind, String name, Supplier<R> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (RuntimeException e) {
        if (attempt >= UPDATE_ATTEMPTS || !updateRefusedByTaskFailure(e)) {
          throw translate(kind, name, e);
        }
        try {
          Thread.sleep(100L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw translate(kind, name, e);
        }
      }
    }
  }

  /**
   * Whether Temporal refused an update because the workflow task running beside it failed, as the
   * server does when a workflow completes while an update arrives ({@code UnhandledCommand}), not
   * because of the update itself.
   */
  static boolean updateRefusedByTaskFailure(Throwable failure) {
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc
          && grpc.getStatus().getCode() == Status.Code.FAILED_PRECONDITION
          && String.valueOf(grpc.getStatus().getDescription()).contains("workflow task failure")) {
        return true;
      }
    }
    return false;
  }

  /** Runs a visibility query and translates its failure (see {@link #translateListing}). */
  static <R> R list(String query, Supplier<R> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      throw translateListing(query, e);
    }
  }

  /**
   * Returns what the failure of a visibility query means: as for any call, except that a query
   * names no object, so Temporal's NOT_FOUND for one (seen at a thousand clusters under load) is a
   * failed read that may be retried, never a missing resource (a list answered 404).
   */
  static RuntimeException translateListing(String query, RuntimeException failure) {
    RuntimeException mapped = translate(null, query, failure);
    return mapped instanceof EntityException.NotFound
        ? new EntityException.Unavailable(null, query, Status.Code.NOT_FOUND.name(), failure)
        : mapped;
  }

  /** Returns the entity exception that {@code failure} means, or {@code failure} itself. */
  static RuntimeException translate(ResourceKind<?> kind, String name, RuntimeException failure) {
    if (failure instanceof EntityException known) {
      return known;
    }
    Optional<String> tooLarge = tooLarge(failure);
    if (tooLarge.isPresent()) {
      return new EntityException.TooLarge(kind, name, tooLarge.get(), failure);
    }
    Optional<Status.Code> outage = transientCode(failure);
    if (outage.isPresent()) {
      return new EntityException.Unavailable(kind, name, outage.get().name(), failure);
    }
    if (failure instanceof WorkflowUpdateException update) {
      Optional<ApplicationFailure> entity = EntityFailures.find(update);
      if (entity.isPresent()) {
        return fromEntityFailure(kind, name, entity.get(), failure);
      }
      // An update sent to a workflow that has ended is refused with the workflow not found.
      if (update.getCause() instanceof WorkflowNotFoundException) {
        return notFound(kind, name, failure);
      }
      return failure;
    }
    if (failure instanceof WorkflowNotFoundException
        || failure instanceof WorkflowQueryRejectedException
        || hasCode(failure, Status.Code.NOT_FOUND)) {
      return notFound(kind, name, failure);
    }
    return failure;
  }

  private static EntityException fromEntityFailure(
      ResourceKind<?> kind, String name, ApplicationFailure entity, Throwable cause) {
    String message = EntityFailures.messageOf(entity);
    return switch (entity.getType()) {
      case EntityFailures.ALREADY_EXISTS ->
          new EntityException.AlreadyExists(kind, name, message, cause);
      case EntityFailures.CONFLICT -> new EntityException.Conflict(kind, name, message, cause);
      case EntityFailures.INVALID -> new EntityException.Invalid(kind, name, message, cause);
      case EntityFailures.FORBIDDEN -> new EntityException.Forbidden(kind, name, message, cause);
      // NOT_FOUND, the one type left that EntityFailures.find recognises.
      default -> new EntityException.NotFound(kind, name, message, cause);
    };
  }

  private static EntityException notFound(ResourceKind<?> kind, String name, Throwable cause) {
    String what = kind == null ? "" : kind.kind() + " ";
    return new EntityException.NotFound(kind, name, what + "\"" + name + "\" not found", cause);
  }

  /** Returns the transient gRPC code in the cause chain, where the SDK may have wrapped it. */
  static Optional<Status.Code> transientCode(Throwable failure) {
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc
          && TRANSIENT.contains(grpc.getStatus().getCode())) {
        return Optional.of(grpc.getStatus().getCode());
      }
    }
    return Optional.empty();
  }

  /**
   * Returns Temporal's description when the failure says a message or payload was too large for it.
   * gRPC reports that as RESOURCE_EXHAUSTED too, but no retry can change it.
   */
  static Optional<String> tooLarge(Throwable failure) {
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc) {
        String description = String.valueOf(grpc.getStatus().getDescription());
        if (description.contains("larger than max")
            || description.contains("size exceeds")
            || description.contains("exceeds size limit")) {
          return Optional.of(description);
        }
      }
    }
    return Optional.empty();
  }

  private static boolean hasCode(Throwable failure, Status.Code code) {
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc && grpc.getStatus().getCode() == code) {
        return true;
      }
    }
    return false;
  }
}
