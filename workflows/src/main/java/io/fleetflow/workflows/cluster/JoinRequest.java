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
 */
public record JoinRequest(
    String clusterName, String identity, ClusterInfo info, List<ClientConfig> clientConfigs) {}
