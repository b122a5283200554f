package io.fleetflow.workflows.cluster;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.cluster.ManagedClusterSpec;
import io.fleetflow.model.cluster.ManagedClusterStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * A cluster's state with a clock the test moves, for the collaborators of the ManagedCluster
 * workflow outside Temporal: {@code c1}, created at the clock's start, not accepted.
 */
final class TestCluster {
  final ManagedClusterState state = new ManagedClusterState();
  final ClusterRecord record;
  private Instant now;

  TestCluster(Instant start) {
    this.now = start;
    this.record = new ClusterRecord(state, () -> now);
    ManagedCluster cluster = new ManagedCluster();
    cluster.setMetadata(new ObjectMeta());
    cluster.getMetadata().setName("c1");
    cluster.getMetadata().setGeneration(1L);
    cluster.getMetadata().setResourceVersion("1");
    cluster.getMetadata().setCreationTimestamp(start.toString());
    cluster.setSpec(new ManagedClusterSpec());
    cluster.setStatus(new ManagedClusterStatus());
    state.cluster = cluster;
  }

  ManagedCluster cluster() {
    return state.cluster;
  }

  Instant now() {
    return now;
  }

  void advance(Duration by) {
    now = now.plus(by);
  }
}
