package io.fleetflow.hub.feed;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.client.EntityClient;
import io.fleetflow.client.cache.CacheFollowers;
import io.fleetflow.client.cache.EntityCache;
import io.fleetflow.client.rbac.FeedFollower;
import io.fleetflow.client.rbac.RbacStore;
import io.fleetflow.model.cluster.ClusterKinds;
import io.fleetflow.model.clusterset.ClusterSetKinds;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.placement.PlacementKinds;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The hub's one reader of the change feed: a single {@link FeedFollower} keeps the RBAC objects by
 * which the hub vouches for actors ({@link RbacStore}) and a cache of what placements schedule over
 * ({@link #PLACEMENT_KINDS}), so a placement's round reads the fleet from memory instead of a
 * visibility listing of every cluster. Each hub keeps its own; {@link #caughtUp} makes a read at
 * least as fresh as the feed was when it began, whichever hub published the change.
 */
public final class HubFeed implements AutoCloseable {
  /** The kinds placements read: clusters, their sets and bindings, and add-on scores. */
  public static final Set<ResourceKind<? extends HasMetadata>> PLACEMENT_KINDS =
      Set.of(
          ClusterKinds.MANAGED_CLUSTER,
          ClusterSetKinds.MANAGED_CLUSTER_SET,
          ClusterSetKinds.MANAGED_CLUSTER_SET_BINDING,
          PlacementKinds.ADD_ON_PLACEMENT_SCORE);

  private final RbacStore rbac;
  private final EntityCache cache;
  private final FeedFollower follower;

  /** A feed reader for the hub; {@link #start} starts following. */
  public HubFeed(WorkflowClient client) {
    EntityClient entities = new EntityClient(client);
    this.rbac = new RbacStore(entities);
    // Nothing watches the hub's cache, so it keeps no window of past changes (the gateway keeps
    // the latest 20,000, each holding its object, for its watches to resume within).
    this.cache = EntityCache.over(entities, new ObjectMapper(), PLACEMENT_KINDS::contains, 0);
    this.follower = CacheFollowers.keeping(client, rbac, cache);
  }

  /** Lists once and follows the feed from then on, on a thread of its own. */
  public HubFeed start() {
    follower.start();
    return this;
  }

  /** The RBAC objects, as the feed last told them. */
  public RbacStore rbac() {
    return rbac;
  }

  /**
   * The cache of {@link #PLACEMENT_KINDS}, once it holds every change the feed held when this was
   * called: a cluster's change published before its placements were told is in it.
   *
   * @param patience how long to wait for the cache to catch up
   * @return empty when the cache has not listed yet or did not catch up within {@code patience};
   *     the caller then reads from the entities' workflows
   */
  public Optional<EntityCache> caughtUp(Duration patience) {
    return cache.synced() && follower.awaitCaughtUp(patience)
        ? Optional.of(cache)
        : Optional.empty();
  }

  @Override
  public void close() {
    follower.close();
    cache.closeAll();
  }
}
