package io.fleetflow.activities.hub;

import io.fleetflow.model.cluster.ManagedClusterSpec.Taint;
import java.util.List;
import java.util.Map;

/**
 * What a placement's scheduler knows of one cluster, read from its ManagedCluster.
 *
 * @param name the cluster's name
 * @param labels its labels
 * @param claims its ClusterClaims, name to value
 * @param taints its taints, with {@code timeAdded}
 * @param allocatable its allocatable resources as Kubernetes quantities ({@code cpu}, {@code
 *     memory})
 */
public record ClusterFacts(
    String name,
    Map<String, String> labels,
    Map<String, String> claims,
    List<Taint> taints,
    Map<String, String> allocatable) {
  public ClusterFacts {
    labels = labels == null ? Map.of() : labels;
    claims = claims == null ? Map.of() : claims;
    taints = taints == null ? List.of() : taints;
    allocatable = allocatable == null ? Map.of() : allocatable;
  }
}
