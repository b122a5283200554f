package io.fleetflow.agent;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.util.List;

/**
 * Gives an agent the client of its cluster's API server. The agent's own jar connects to real
 * clusters ({@link RealClusters}); the agent-fleet jar starts simulated ones.
 */
@FunctionalInterface
public interface ClusterConnector {
  /**
   * Connects to the named cluster.
   *
   * @param clusterName the cluster's name on the hub
   * @param toClose where the connector adds what must be closed when the agent stops (the client, a
   *     simulated cluster); they are closed in the order added, after the agent
   * @return a client of the cluster, with the agent's credentials
   * @throws IOException when the cluster's configuration cannot be read
   */
  KubernetesClient connect(String clusterName, List<AutoCloseable> toClose) throws IOException;
}
