package io.fleetflow.hub.fleet;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.activities.hub.ClusterFacts;
import io.fleetflow.model.meta.ResourceKind;
import java.util.List;
import java.util.Optional;

/**
 * Where the hub reads the fleet a placement schedules over: its cache of the change feed ({@link
 * CachedFleet}) or the entities' workflows through visibility and queries ({@link
 * VisibilityFleet}). Both answer with the objects as their workflows hold them.
 */
public interface FleetSource {
  /** Every accepted cluster that is not being deleted, by name. */
  List<ClusterFacts> selectableClusters();

  /** Every object of a kind in a namespace (or all, {@code namespace} null) not being deleted. */
  <T extends HasMetadata> List<T> live(ResourceKind<T> kind, String namespace);

  /** One object of a kind, whether or not it is being deleted. */
  <T extends HasMetadata> Optional<T> find(ResourceKind<T> kind, String namespace, String name);
}
