package io.fleetflow.model.clusterset;

import io.fleetflow.model.meta.LabelSelectors;
import java.util.List;
import java.util.Map;

/**
 * Which clusters a ManagedClusterSet holds, by OCM's selector rules: an {@code
 * ExclusiveClusterSetLabel} set holds the clusters labelled {@code
 * cluster.open-cluster-management.io/clusterset=<set>}, a {@code LabelSelector} set those its
 * selector matches (an empty selector matches every cluster). Pure; the set's workflow and every
 * placement judge membership with it alike.
 */
public final class ClusterSetMembership {
  private ClusterSetMembership() {}

  /** Returns true when the set holds a cluster with these labels (null means none). */
  public static boolean holds(ManagedClusterSet set, Map<String, String> clusterLabels) {
    Map<String, String> labels = clusterLabels == null ? Map.of() : clusterLabels;
    ManagedClusterSetSpec spec = set.getSpec();
    return ManagedClusterSet.EXCLUSIVE.equals(spec.selectorType())
        ? set.getMetadata().getName().equals(labels.get(ManagedClusterSet.SET_LABEL))
        : LabelSelectors.matches(spec.getClusterSelector().labelSelector(), labels);
  }

  /**
   * Returns the names of the clusters the set holds, sorted.
   *
   * @param labelsByCluster every cluster's labels, by cluster name
   */
  public static List<String> members(
      ManagedClusterSet set, Map<String, Map<String, String>> labelsByCluster) {
    return labelsByCluster.entrySet().stream()
        .filter(c -> holds(set, c.getValue()))
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }
}
