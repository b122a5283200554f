package io.fleetflow.workflows.cluster;

import io.fleetflow.activities.agent.ClusterInfo;
import io.fleetflow.model.cluster.ManagedClusterSpec.ClientConfig;
import java.util.List;

/**
 * An agent's request to join the hub.
 *
 * @param clusterName the name the agent asks for
 * @param identity the fingerprint of the agent's public key; stable across the agent's restarts
 * @param info the cluster's facts
 * @param clientConfigs the cluster's API server endpoints, possibly empty
 * @param csr the agent's PKCS#10 request for a client certificate (PEM), for its key, or null when
 *     it needs none (an agent straight to Temporal)
 * @param requester who sends the join as the front door proved it ({@code system:bootstrap:<id>},
 *     or the agent's certificate name), or null straight to Temporal
 */
public record JoinRequest(
    String clusterName,
    String identity,
    ClusterInfo info,
    List<ClientConfig> clientConfigs,
    String csr,
    String requester) {

  /** A join without a certificate request. */
  public JoinRequest(
      String clusterName, String identity, ClusterInfo info, List<ClientConfig> clientConfigs) {
    this(clusterName, identity, info, clientConfigs, null, null);
  }
}
