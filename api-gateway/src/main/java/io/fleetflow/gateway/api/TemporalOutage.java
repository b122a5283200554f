package io.fleetflow.gateway.api;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises a failure that means the Temporal server could not answer (overloaded, restarting or
 * unreachable) rather than a fault of the request, wherever the SDK wrapped the gRPC status.
 */
final class TemporalOutage {
  /** How long a client should wait before it retries a request that hit an outage. */
  static final int RETRY_AFTER_SECONDS = 1;

  private static final Set<Status.Code> TRANSIENT =
      Set.of(
          Status.Code.DEADLINE_EXCEEDED, Status.Code.UNAVAILABLE, Status.Code.RESOURCE_EXHAUSTED);

  private TemporalOutage() {}

  /**
   * Returns the transient gRPC code in {@code failure}'s cause chain, if there is one. A message
   * too large for Temporal is not transient, although gRPC reports it as RESOURCE_EXHAUSTED too:
   * retrying it can never succeed ({@link #tooLarge}).
   */
  static Optional<Status.Code> codeOf(Throwable failure) {
    if (tooLarge(failure).isPresent()) {
      return Optional.empty();
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc
          && TRANSIENT.contains(grpc.getStatus().getCode())) {
        return Optional.of(grpc.getStatus().getCode());
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return Optional.empty();
  }

  /**
   * Returns Temporal's description when {@code failure} says a message or payload was too large for
   * it (gRPC's message limit, Temporal's blob size limit), which no retry can change.
   */
  static Optional<String> tooLarge(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc) {
        String description = String.valueOf(grpc.getStatus().getDescription());
        if (description.contains("larger than max")
            || description.contains("size exceeds")
            || description.contains("exceeds size limit")) {
          return Optional.of(description);
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return Optional.empty();
  }
}
