package io.fleetflow.hub.fleet;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.activities.hub.ClusterFacts;
import io.fleetflow.client.cache.EntityCache;
import io.fleetflow.model.cluster.ClusterKinds;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.workflows.placement.PlacementNotices;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The fleet as the hub's cache of the change feed holds it: no call to Temporal. The cache must
 * hold every kind asked for (see {@code HubFeed.PLACEMENT_KINDS}).
 */
public final class CachedFleet implements FleetSource {
  private final EntityCache cache;

  public CachedFleet(EntityCache cache) {
    this.cache = cache;
  }

  @Override
  public List<ClusterFacts> selectableClusters() {
    return cache.list(ClusterKinds.MANAGED_CLUSTER, null).items().stream()
        .map(ManagedCluster.class::cast)
        .filter(PlacementNotices::selectable)
        .map(PlacementNotices::facts)
        .sorted(Comparator.comparing(ClusterFacts::name))
        .toList();
  }

  @Override
  public <T extends HasMetadata> List<T> live(ResourceKind<T> kind, String namespace) {
    return cache.list(kind, namespace).items().stream()
        .map(kind.type()::cast)
        .filter(o -> o.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  @Override
  public <T extends HasMetadata> Optional<T> find(
      ResourceKind<T> kind, String namespace, String name) {
    return cache.get(kind, namespace, name).map(kind.type()::cast);
  }
}
