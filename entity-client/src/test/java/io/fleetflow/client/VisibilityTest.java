package io.fleetflow.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetflow.model.cluster.ClusterKinds;
import io.fleetflow.model.placement.PlacementKinds;
import io.fleetflow.model.work.WorkKinds;
import org.junit.jupiter.api.Test;

/** Visibility queries are built from search attributes, with every value quoted one way. */
class VisibilityTest {
  @Test
  void aKindsRunningObjects() {
    assertThat(Visibility.of(ClusterKinds.MANAGED_CLUSTER).query())
        .isEqualTo("FleetflowKind = 'ManagedCluster' AND ExecutionStatus = 'Running'");
  }

  @Test
  void narrowedByNamespaceNameClusterAndPhase() {
    assertThat(
            Visibility.of(WorkKinds.MANIFEST_WORK)
                .inNamespace("cluster1")
                .named("hello")
                .onCluster("cluster1")
                .notInPhase("Deleting")
                .excluding("ManifestWork/cluster1/other")
                .query())
        .isEqualTo(
            "FleetflowKind = 'ManifestWork' AND ExecutionStatus = 'Running'"
                + " AND FleetflowNamespace = 'cluster1' AND FleetflowName = 'hello'"
                + " AND FleetflowCluster = 'cluster1' AND FleetflowPhase != 'Deleting'"
                + " AND WorkflowId != 'ManifestWork/cluster1/other'");
  }

  @Test
  void allNamespacesLeaveTheQueryAsItIs() {
    assertThat(Visibility.of(PlacementKinds.PLACEMENT).inNamespace(null))
        .isEqualTo(Visibility.of(PlacementKinds.PLACEMENT));
  }

  @Test
  void aQuoteOrBackslashInAValueCannotEndTheString() {
    assertThat(Visibility.quote("it's")).isEqualTo("'it\\'s'");
    assertThat(Visibility.quote("a\\' OR 'x' = 'x")).isEqualTo("'a\\\\\\' OR \\'x\\' = \\'x'");
    assertThat(Visibility.ofKind("x' OR FleetflowKind != '").query())
        .startsWith("FleetflowKind = 'x\\' OR FleetflowKind != \\''");
  }
}
