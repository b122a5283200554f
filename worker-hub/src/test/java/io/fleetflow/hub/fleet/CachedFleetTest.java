package io.fleetflow.hub.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.activities.hub.ClusterFacts;
import io.fleetflow.client.cache.EntityCache;
import io.fleetflow.hub.feed.HubFeed;
import io.fleetflow.model.cluster.ClusterKinds;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.cluster.ManagedClusterSpec;
import io.fleetflow.model.cluster.ManagedClusterStatus;
import io.fleetflow.model.clusterset.ClusterSetKinds;
import io.fleetflow.model.clusterset.ManagedClusterSet;
import io.fleetflow.model.feed.FeedPosition;
import io.fleetflow.model.work.WorkKinds;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A placement reads the fleet from the hub's cache as it would from the clusters' workflows. */
class CachedFleetTest {
  private static ManagedCluster cluster(String name, boolean accepted, boolean deleting) {
    ManagedCluster cluster = new ManagedCluster();
    cluster.setMetadata(new ObjectMeta());
    cluster.getMetadata().setName(name);
    cluster.getMetadata().setResourceVersion("1");
    cluster.getMetadata().setLabels(Map.of("zone", "north"));
    if (deleting) {
      cluster.getMetadata().setDeletionTimestamp("2026-12-07T09:00:00Z");
    }
    cluster.setSpec(new ManagedClusterSpec());
    cluster.getSpec().setHubAcceptsClient(accepted);
    cluster.setStatus(new ManagedClusterStatus());
    return cluster;
  }

  private static ManagedClusterSet set(String name) {
    ManagedClusterSet set = new ManagedClusterSet();
    set.setMetadata(new ObjectMeta());
    set.getMetadata().setName(name);
    set.getMetadata().setResourceVersion("1");
    return set;
  }

  private static CachedFleet fleetOf(List<? extends HasMetadata> clusters, ManagedClusterSet set) {
    EntityCache cache =
        new EntityCache(
            kind ->
                new EntityCache.Listed(
                    kind.equals(ClusterKinds.MANAGED_CLUSTER)
                        ? clusters
                        : kind.equals(ClusterSetKinds.MANAGED_CLUSTER_SET)
                            ? List.of(set)
                            : List.of(),
                    List.of()),
            (kind, namespace, name) -> Optional.empty(),
            new ObjectMapper(),
            HubFeed.PLACEMENT_KINDS::contains,
            0);
    cache.relisted(new FeedPosition(1, 10));
    return new CachedFleet(cache);
  }

  @Test
  void onlyAcceptedClustersThatAreNotBeingDeletedAreSelectableInNameOrder() {
    CachedFleet fleet =
        fleetOf(
            List.of(
                cluster("west", true, false),
                cluster("east", true, false),
                cluster("pending", false, false),
                cluster("leaving", true, true)),
            set("global"));

    assertThat(fleet.selectableClusters())
        .extracting(ClusterFacts::name)
        .containsExactly("east", "west");
    assertThat(fleet.selectableClusters().get(0).labels()).containsEntry("zone", "north");
  }

  @Test
  void aSetIsFoundByNameAndLiveObjectsLeaveOutThoseBeingDeleted() {
    CachedFleet fleet =
        fleetOf(List.of(cluster("west", true, false), cluster("leaving", true, true)), set("blue"));

    assertThat(fleet.find(ClusterSetKinds.MANAGED_CLUSTER_SET, null, "blue")).isPresent();
    assertThat(fleet.find(ClusterSetKinds.MANAGED_CLUSTER_SET, null, "red")).isEmpty();
    assertThat(fleet.live(ClusterKinds.MANAGED_CLUSTER, null))
        .extracting(c -> c.getMetadata().getName())
        .containsExactly("west");
  }

  @Test
  void theHubKeepsOnlyWhatPlacementsRead() {
    EntityCache cache =
        EntityCache.over(null, new ObjectMapper(), HubFeed.PLACEMENT_KINDS::contains, 0);

    assertThat(cache.holds(ClusterKinds.MANAGED_CLUSTER)).isTrue();
    assertThat(cache.holds(ClusterSetKinds.MANAGED_CLUSTER_SET_BINDING)).isTrue();
    assertThat(cache.holds(WorkKinds.MANIFEST_WORK)).isFalse();
  }
}
