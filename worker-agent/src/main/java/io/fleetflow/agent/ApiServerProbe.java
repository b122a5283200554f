package io.fleetflow.agent;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetflow.activities.agent.KubeClients;
import java.time.Duration;

/**
 * Probes the agent's own API server as OCM's agent does: {@code /livez}, falling back to {@code
 * /healthz}. A single failure does not make the cluster unavailable; only failures that last longer
 * than {@link #SUSTAINED_FAILURE} do. Closing the probe closes the client it derived, not the
 * agent's.
 */
final class ApiServerProbe implements AutoCloseable {
  /** How long the probe must keep failing before the cluster counts as unavailable. */
  static final Duration SUSTAINED_FAILURE = Duration.ofSeconds(20);

  /** The outcome of a check: healthy, or not with the last failure. */
  record Result(boolean healthy, String message) {}

  private final KubernetesClient client;
  private long failingSinceMillis;

  /**
   * @param client the agent's client; the probe uses a copy without retries and with short
   *     timeouts, so one check takes seconds even against a dead API server, well within the
   *     sustained-failure window and the lease period
   */
  ApiServerProbe(KubernetesClient client) {
    this.client =
        KubeClients.derive(
            client,
            config ->
                config
                    .withRequestRetryBackoffLimit(0)
                    .withConnectionTimeout(2_000)
                    .withRequestTimeout(3_000));
  }

  synchronized Result check() {
    String failure = probe("/livez");
    if (failure != null) {
      failure = probe("/healthz");
    }
    long now = System.currentTimeMillis();
    if (failure == null) {
      failingSinceMillis = 0;
      return new Result(true, null);
    }
    if (failingSinceMillis == 0) {
      failingSinceMillis = now;
    }
    boolean sustained = now - failingSinceMillis >= SUSTAINED_FAILURE.toMillis();
    return new Result(!sustained, failure);
  }

  private String probe(String path) {
    try {
      String body = client.raw(path);
      return body != null && body.trim().equals("ok") ? null : path + " answered " + body;
    } catch (RuntimeException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      return path + " failed: " + root;
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
