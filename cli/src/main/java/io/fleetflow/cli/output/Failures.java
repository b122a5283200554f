package io.fleetflow.cli.output;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.util.concurrent.ExecutionException;

/**
 * Says in one line why a request to the hub failed: the HTTP code and the message of the Kubernetes
 * {@code Status} the gateway answered with, or that the hub could not be reached and why.
 */
public final class Failures {
  private Failures() {}

  /**
   * Describes a failed request.
   *
   * @param failure what the client threw
   * @param server the API server's URL, named when it could not be reached
   */
  public static String describe(KubernetesClientException failure, String server) {
    if (failure.getCode() > 0) {
      Status status = failure.getStatus();
      String message =
          status != null && status.getMessage() != null && !status.getMessage().isBlank()
              ? status.getMessage()
              : failure.getMessage();
      return "HTTP " + failure.getCode() + ": " + message.strip();
    }
    return "cannot reach the hub at " + server + " (" + rootCause(failure) + ")";
  }

  /**
   * The first cause below the client's own wrappers: the one that names what went wrong
   * ("ConnectException: connection refused", "SSLHandshakeException: PKIX path building failed").
   */
  private static String rootCause(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof KubernetesClientException || cause instanceof ExecutionException)
        && cause.getCause() != null
        && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    if ((message == null || message.isBlank()) && cause instanceof ConnectException) {
      message = "connection refused";
    }
    return message == null || message.isBlank()
        ? cause.getClass().getSimpleName()
        : cause.getClass().getSimpleName() + ": " + message;
  }
}
