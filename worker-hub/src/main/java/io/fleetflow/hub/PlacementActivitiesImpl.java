package io.fleetflow.hub;

import io.fleetflow.activities.hub.ClusterFacts;
import io.fleetflow.activities.hub.PlacementActivities;
import io.fleetflow.activities.rounds.SharedRounds;
import io.fleetflow.client.EntityClient;
import io.fleetflow.client.Visibility;
import io.fleetflow.hub.feed.HubFeed;
import io.fleetflow.hub.fleet.CachedFleet;
import io.fleetflow.hub.fleet.FleetSource;
import io.fleetflow.hub.fleet.VisibilityFleet;
import io.fleetflow.model.clusterset.ClusterSetKinds;
import io.fleetflow.model.clusterset.ManagedClusterSet;
import io.fleetflow.model.clusterset.ManagedClusterSetBinding;
import io.fleetflow.model.placement.AddOnPlacementScore;
import io.fleetflow.model.placement.PlacementKinds;
import io.fleetflow.workflows.placement.PlacementDecisions;
import io.fleetflow.workflows.placement.PlacementWorkflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Reads the fleet for placements: from the hub's cache of the change feed once it has caught up
 * with the feed ({@link HubFeed#caughtUp}), otherwise from the entities' workflows through
 * visibility ({@link VisibilityFleet}). The other placements' decisions, when the placement's round
 * needs them, are asked of their workflows. Reads run in parallel on virtual threads.
 */
@Component("placementActivities")
public class PlacementActivitiesImpl implements PlacementActivities {
  /**
   * How long a read waits for the hub's cache to take in what the feed holds: it is usually there
   * already, as the change that woke the placement was published before the placement was told.
   */
  static final Duration CACHE_PATIENCE = Duration.ofSeconds(2);

  private final EntityClient entities;
  private final Optional<HubFeed> feed;
  private final ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();
  private final VisibilityFleet visibility;
  private final SharedRounds<String, Integer> notices =
      new SharedRounds<>(this::tellEveryPlacement);

  /** Reads the fleet through visibility only. */
  public PlacementActivitiesImpl(EntityClient entities) {
    this(entities, Optional.empty());
  }

  /** Reads the fleet from the hub's cache once it caught up, through visibility until then. */
  @Autowired
  public PlacementActivitiesImpl(EntityClient entities, HubFeed feed) {
    this(entities, Optional.of(feed));
  }

  private PlacementActivitiesImpl(EntityClient entities, Optional<HubFeed> feed) {
    this.entities = entities;
    this.feed = feed;
    this.visibility = new VisibilityFleet(entities, readers);
  }

  @Override
  public FleetView fleet(
      String namespace,
      String placementWorkflowId,
      List<String> scoreResources,
      Boolean otherDecisions) {
    CompletableFuture<Map<String, Integer>> others =
        Boolean.FALSE.equals(otherDecisions)
            ? CompletableFuture.completedFuture(Map.of())
            : CompletableFuture.supplyAsync(() -> otherDecisions(placementWorkflowId), readers);
    FleetSource source =
        feed.flatMap(f -> f.caughtUp(CACHE_PATIENCE))
            .<FleetSource>map(CachedFleet::new)
            .orElse(visibility);
    CompletableFuture<List<ClusterFacts>> clusters =
        CompletableFuture.supplyAsync(source::selectableClusters, readers);
    CompletableFuture<List<ManagedClusterSet>> sets =
        CompletableFuture.supplyAsync(() -> boundSets(source, namespace), readers);
    CompletableFuture<List<AddOnPlacementScore>> scores =
        CompletableFuture.supplyAsync(
            () ->
                scoreResources.isEmpty()
                    ? List.<AddOnPlacementScore>of()
                    : source.live(PlacementKinds.ADD_ON_PLACEMENT_SCORE, null).stream()
                        .filter(s -> scoreResources.contains(s.getMetadata().getName()))
                        .toList(),
            readers);
    return new FleetView(clusters.join(), sets.join(), scores.join(), others.join());
  }

  @Override
  public int notifyPlacements(String reason) {
    return notices.request(reason);
  }

  /**
   * One round of notices for every cluster change that asked since the last round began: a
   * placement re-reads the whole fleet when told, so a thousand clusters joining within a minute
   * tell each placement a few times, not a thousand (3,165 signals and two listings per change kept
   * one benchmark's placement six minutes behind its fleet).
   */
  private int tellEveryPlacement(List<String> reasons) {
    String reason =
        reasons.size() == 1
            ? reasons.get(0)
            : reasons.size() + " cluster changes, the last: " + reasons.get(reasons.size() - 1);
    // A placement or set that ended between the listing and the signal needs no notice. Neither
    // reads the other's answer (a placement works out a set's members from the clusters itself),
    // so sets and placements are told side by side, each after its own listing.
    CompletableFuture<Integer> sets =
        CompletableFuture.supplyAsync(
            () ->
                entities.signalAll(
                    ClusterSetKinds.MANAGED_CLUSTER_SET,
                    Visibility.of(ClusterSetKinds.MANAGED_CLUSTER_SET),
                    CLUSTERS_CHANGED,
                    reason),
            readers);
    int told =
        entities.signalAll(
            PlacementKinds.PLACEMENT,
            Visibility.of(PlacementKinds.PLACEMENT),
            FLEET_CHANGED,
            reason);
    sets.join();
    return told;
  }

  /** The sets bound in the namespace: binding and set both exist and neither is being deleted. */
  private static List<ManagedClusterSet> boundSets(FleetSource source, String namespace) {
    List<ManagedClusterSet> sets = new ArrayList<>();
    for (ManagedClusterSetBinding binding :
        source.live(ClusterSetKinds.MANAGED_CLUSTER_SET_BINDING, namespace)) {
      source
          .find(ClusterSetKinds.MANAGED_CLUSTER_SET, null, binding.getSpec().getClusterSet())
          .filter(set -> set.getMetadata().getDeletionTimestamp() == null)
          .ifPresent(sets::add);
    }
    return sets;
  }

  private Map<String, Integer> otherDecisions(String self) {
    Map<String, Integer> counts = new TreeMap<>();
    for (PlacementDecisions decisions :
        entities.queryAll(
            PlacementKinds.PLACEMENT,
            Visibility.of(PlacementKinds.PLACEMENT).excluding(self),
            PlacementWorkflow.DECISIONS,
            PlacementDecisions.class)) {
      decisions.clusters().forEach(c -> counts.merge(c, 1, Integer::sum));
    }
    return counts;
  }
}
