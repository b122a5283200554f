package io.fleetflow.workflows.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.model.cluster.BuiltInTaints;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.cluster.ManagedClusterSpec;
import io.fleetflow.model.cluster.ManagedClusterSpec.Taint;
import io.fleetflow.model.cluster.ManagedClusterStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The built-in taints follow the Available condition, as OCM's hub sets them. */
class ClusterHealthTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  @Test
  void aClusterWithoutAvailabilityIsUnreachable() {
    ManagedCluster cluster = cluster();

    assertThat(new ClusterHealth(cluster, 3).syncTaints(T0)).isTrue();

    assertThat(cluster.getSpec().getTaints())
        .containsExactly(new Taint(BuiltInTaints.UNREACHABLE, null, "NoSelect", T0.toString()));
  }

  @Test
  void becomingAvailableRemovesTheTaintAndUnavailableReplacesIt() {
    ManagedCluster cluster = cluster();
    ClusterHealth health = new ClusterHealth(cluster, 3);
    health.syncTaints(T0);
    cluster
        .getSpec()
        .setTaints(
            new ArrayList<>(
                List.of(
                    cluster.getSpec().getTaints().get(0),
                    new Taint("maintenance", "true", "NoSelect", T0.toString()))));

    health.available(T0.plusSeconds(5));
    assertThat(health.syncTaints(T0.plusSeconds(5))).isTrue();
    assertThat(cluster.getSpec().getTaints()).extracting(Taint::key).containsExactly("maintenance");

    health.renewed(new LeaseRenewal("id", false, "down"), T0.plusSeconds(10));
    health.syncTaints(T0.plusSeconds(10));
    assertThat(cluster.getSpec().getTaints())
        .extracting(Taint::key)
        .containsExactly("maintenance", BuiltInTaints.UNAVAILABLE);
  }

  @Test
  void aTaintThatStaysKeepsWhenItWasAdded() {
    ManagedCluster cluster = cluster();
    ClusterHealth health = new ClusterHealth(cluster, 3);
    health.syncTaints(T0);

    assertThat(health.syncTaints(T0.plusSeconds(60))).isFalse();
    assertThat(cluster.getSpec().getTaints().get(0).timeAdded()).isEqualTo(T0.toString());
  }

  private static ManagedCluster cluster() {
    ManagedCluster cluster = new ManagedCluster();
    cluster.setMetadata(new ObjectMeta());
    cluster.getMetadata().setName("c1");
    cluster.getMetadata().setGeneration(1L);
    cluster.getMetadata().setResourceVersion("1");
    cluster.setSpec(new ManagedClusterSpec());
    cluster.setStatus(new ManagedClusterStatus());
    return cluster;
  }
}
