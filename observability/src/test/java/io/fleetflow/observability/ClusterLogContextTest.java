package io.fleetflow.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The hub finds the cluster a workflow is about in its id, and only where the id names one. */
class ClusterLogContextTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      nullValues = "none",
      value = {
        "ManagedCluster/cluster1, cluster1",
        "ManifestWork/cluster1/hello, cluster1",
        "ClusterTakeover/edge-7, edge-7",
        "ManifestWorkReplicaSet/apps/web, none",
        "Placement/apps/web, none",
        "ManagedClusterSet/global, none",
        "ManagedCluster/, none",
        "ManifestWork/cluster1, none",
        "ManagedCluster, none",
        "none, none"
      })
  void theClusterComesFromTheWorkflowId(String workflowId, String cluster) {
    assertThat(ClusterLogContext.clusterOf(workflowId)).isEqualTo(cluster);
  }
}
