package io.fleetflow.hub;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.activities.hub.ClusterFacts;
import io.fleetflow.activities.hub.PlacementActivities;
import io.fleetflow.activities.hub.PlacementActivities.PlacementMemo;
import io.fleetflow.activities.rounds.SharedRounds;
import io.fleetflow.client.EntityClient;
import io.fleetflow.client.Visibility;
import io.fleetflow.model.cluster.ClusterKinds;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.clusterset.ClusterSetKinds;
import io.fleetflow.model.clusterset.ManagedClusterSet;
import io.fleetflow.model.clusterset.ManagedClusterSetBinding;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.placement.AddOnPlacementScore;
import io.fleetflow.model.placement.PlacementKinds;
import io.fleetflow.workflows.placement.PlacementDecisions;
import io.fleetflow.workflows.placement.PlacementNotices;
import io.fleetflow.workflows.placement.PlacementWorkflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.stereotype.Component;

/**
 * Reads the fleet for placements: visibility finds the running entities of a kind, and each one's
 * {@code get} query gives its current state (queries are answered by the workflow itself, so they
 * are never behind the way visibility can be). Reads run in parallel on virtual threads.
 */
@Component("placementActivities")
public class PlacementActivitiesImpl implements PlacementActivities {
  private final EntityClient entities;
  private final ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();
  private final SharedRounds<String, Integer> notices =
      new SharedRounds<>(this::tellEveryPlacement);

  public PlacementActivitiesImpl(EntityClient entities) {
    this.entities = entities;
  }

  @Override
  public FleetView fleet(
      String namespace, String placementWorkflowId, List<String> scoreResources) {
    CompletableFuture<List<ClusterFacts>> clusters =
        CompletableFuture.supplyAsync(this::selectableClusters, readers);
    CompletableFuture<List<ManagedClusterSet>> sets =
        CompletableFuture.supplyAsync(() -> boundSets(namespace), readers);
    CompletableFuture<List<AddOnPlacementScore>> scores =
        CompletableFuture.supplyAsync(
            () ->
                scoreResources.isEmpty()
                    ? List.<AddOnPlacementScore>of()
                    : live(PlacementKinds.ADD_ON_PLACEMENT_SCORE, null).stream()
                        .filter(s -> scoreResources.contains(s.getMetadata().getName()))
                        .toList(),
            readers);
    CompletableFuture<Map<String, Integer>> others =
        CompletableFuture.supplyAsync(() -> otherDecisions(placementWorkflowId), readers);
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
    // A placement or set that ended between the listing and the signal needs no notice.
    entities.signalAll(
        ClusterSetKinds.MANAGED_CLUSTER_SET,
        Visibility.of(ClusterSetKinds.MANAGED_CLUSTER_SET),
        CLUSTERS_CHANGED,
        reason);
    return entities.signalAll(
        PlacementKinds.PLACEMENT, Visibility.of(PlacementKinds.PLACEMENT), FLEET_CHANGED, reason);
  }

  /**
   * The clusters placements may select, from one visibility listing: each cluster workflow keeps
   * its facts in its memo. Only clusters whose workflows predate the memo are queried.
   */
  private List<ClusterFacts> selectableClusters() {
    List<CompletableFuture<ClusterFacts>> reads = new ArrayList<>();
    for (var execution : entities.executions(Visibility.of(ClusterKinds.MANAGED_CLUSTER))) {
      PlacementMemo memo = execution.getMemo(MEMO, PlacementMemo.class, PlacementMemo.class);
      if (memo != null) {
        reads.add(CompletableFuture.completedFuture(memo.selectable() ? memo.facts() : null));
      } else {
        String id = execution.getExecution().getWorkflowId();
        reads.add(
            CompletableFuture.supplyAsync(
                () ->
                    entities
                        .entity(ClusterKinds.MANAGED_CLUSTER, id)
                        .find()
                        .filter(PlacementActivitiesImpl::selectable)
                        .map(PlacementNotices::facts)
                        .orElse(null),
                readers));
      }
    }
    return reads.stream()
        .map(CompletableFuture::join)
        .filter(Objects::nonNull)
        .sorted(java.util.Comparator.comparing(ClusterFacts::name))
        .toList();
  }

  private static boolean selectable(ManagedCluster cluster) {
    return cluster.getSpec().isHubAcceptsClient()
        && cluster.getMetadata().getDeletionTimestamp() == null;
  }

  private List<ManagedClusterSet> boundSets(String namespace) {
    List<ManagedClusterSet> sets = new ArrayList<>();
    for (ManagedClusterSetBinding binding :
        live(ClusterSetKinds.MANAGED_CLUSTER_SET_BINDING, namespace)) {
      entities
          .entity(ClusterSetKinds.MANAGED_CLUSTER_SET, null, binding.getSpec().getClusterSet())
          .find()
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

  /** Every live object of a kind (in a namespace, or all), skipping those being deleted. */
  private <T extends HasMetadata> List<T> live(ResourceKind<T> kind, String namespace) {
    return entities.list(kind, namespace).stream()
        .filter(o -> o.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }
}
