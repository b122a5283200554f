package io.fleetflow.e2e.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What rollout scenarios do over and over: write ManifestWorkReplicaSets in one namespace, read
 * their status through the gateway, steer them with {@code ./fleetflow rollout}, and read what
 * actually landed on a simulated cluster from that cluster's own API.
 */
public final class Rollouts {
  private final Fleet fleet;
  private final Kubectl kubectl;
  private final String namespace;

  public Rollouts(Fleet fleet, String namespace) {
    this.fleet = fleet;
    this.kubectl = fleet.kubectl();
    this.namespace = namespace;
  }

  /** Applies YAML through the gateway with kubectl, failing when kubectl refuses it. */
  public void apply(String yaml) {
    kubectl.run(yaml, "apply", "-f", "-").ok();
  }

  /** Reads a JSONPath of a ManifestWorkReplicaSet through the gateway. */
  public String field(String name, String jsonpath) {
    return kubectl.ok("get", "mwrs", name, "-n", namespace, "-o", "jsonpath=" + jsonpath);
  }

  /** The state of one cluster in the rollout's status ({@code succeeded}, {@code timedOut}...). */
  public String clusterState(String name, String cluster) {
    return field(name, "{.status.rollout.clusters[?(@.cluster==\"" + cluster + "\")].state}");
  }

  /** Waits until the rollout shows the phase. */
  public void awaitPhase(String name, String phase, Duration timeout) {
    await(name + " " + phase)
        .atMost(timeout)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> field(name, "{.status.rollout.phase}").equals(phase));
  }

  /** Runs {@code ./fleetflow rollout ACTION NAME -n NS ARGS} with the token of a role. */
  public Kubectl.Result control(String role, String action, String name, String... args) {
    List<String> command = new ArrayList<>(List.of("rollout", action, name, "-n", namespace));
    command.addAll(List.of(args));
    return fleet.launcher(role, command.toArray(String[]::new));
  }

  /**
   * Reads a JSONPath of an object in namespace {@code default} on a simulated cluster's own API;
   * empty when the object is not there.
   */
  public String onCluster(String cluster, String resource, String name, String jsonpath) {
    Kubectl.Result result =
        fleet
            .clusterKubectl(cluster)
            .run(null, "get", resource, name, "-n", "default", "-o", "jsonpath=" + jsonpath);
    return result.exitCode() == 0 ? result.output() : "";
  }

  /** When the simulated cluster's API server created the object (whole seconds, as Kubernetes). */
  public Instant createdOn(String cluster, String resource, String name) {
    return Instant.parse(onCluster(cluster, resource, name, "{.metadata.creationTimestamp}"));
  }
}
