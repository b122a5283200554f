package io.fleetflow.e2e.support;

import java.time.Duration;
import java.util.List;

/** What rollout scenarios need before they start: accepted clusters and placements over them. */
public final class Placements {
  /** Hub settings that accept every simulated cluster on its first join. */
  public static final List<String> AUTO_APPROVE_SIMULATED =
      List.of(
          "--fleetflow.registration.auto-approval[0].name=simulated",
          "--fleetflow.registration.auto-approval[0].claims.[product.open-cluster-management.io]=FleetflowSimulator");

  private Placements() {}

  /** Waits until every named cluster has joined (accepted automatically) and is Available. */
  public static void awaitAvailable(Kubectl kubectl, List<String> clusters, Duration timeout) {
    for (String cluster : clusters) {
      kubectl.awaitOutput(
          cluster + " available",
          timeout,
          "True",
          "get",
          "managedcluster",
          cluster,
          "-o",
          "jsonpath={.status.conditions[?(@.type==\"ManagedClusterConditionAvailable\")].status}");
    }
  }

  /**
   * Binds the global set to the namespace and creates Placement {@code all} there, selecting every
   * cluster, then waits until it selects {@code clusters} of them.
   */
  public static void placeAll(Kubectl kubectl, String namespace, int clusters, Duration timeout) {
    kubectl
        .run(
            """
            apiVersion: cluster.open-cluster-management.io/v1beta2
            kind: ManagedClusterSetBinding
            metadata: {name: global, namespace: %s}
            spec: {clusterSet: global}
            ---
            apiVersion: cluster.open-cluster-management.io/v1beta1
            kind: Placement
            metadata: {name: all, namespace: %s}
            spec: {}
            """
                .formatted(namespace, namespace),
            "apply",
            "-f",
            "-")
        .ok();
    kubectl.awaitOutput(
        "placement all selects " + clusters + " clusters",
        timeout,
        Integer.toString(clusters),
        "get",
        "placement",
        "all",
        "-n",
        namespace,
        "-o",
        "jsonpath={.status.numberOfSelectedClusters}");
  }
}
