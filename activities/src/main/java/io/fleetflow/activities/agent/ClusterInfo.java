package io.fleetflow.activities.agent;

import java.util.Map;

/**
 * Facts an agent reports about its cluster.
 *
 * @param kubernetesVersion the API server's git version, such as {@code v1.32.0}
 * @param capacity the sum over nodes of each resource's capacity
 * @param allocatable the sum over schedulable nodes of each allocatable resource
 * @param claims cluster claims by name, {@code id.k8s.io} among them
 */
public record ClusterInfo(
    String kubernetesVersion,
    Map<String, String> capacity,
    Map<String, String> allocatable,
    Map<String, String> claims) {}
