package io.fleetflow.hub.fleet;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.activities.hub.ClusterFacts;
import io.fleetflow.activities.hub.PlacementActivities;
import io.fleetflow.activities.hub.PlacementActivities.PlacementMemo;
import io.fleetflow.client.EntityClient;
import io.fleetflow.client.Visibility;
import io.fleetflow.model.cluster.ClusterKinds;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.workflows.placement.PlacementNotices;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * The fleet as the entities' workflows hold it: visibility finds the running entities of a kind,
 * and each one's {@code get} query gives its current state (queries are answered by the workflow
 * itself, so they are never behind the way visibility can be). Clusters come from one listing, each
 * with its facts in its memo. The hub reads this way while its cache has not caught up.
 */
public final class VisibilityFleet implements FleetSource {
  private final EntityClient entities;
  private final ExecutorService readers;

  /**
   * @param readers runs the queries of clusters whose workflows predate the memo
   */
  public VisibilityFleet(EntityClient entities, ExecutorService readers) {
    this.entities = entities;
    this.readers = readers;
  }

  /** Only clusters whose workflows predate the memo are queried. */
  @Override
  public List<ClusterFacts> selectableClusters() {
    List<CompletableFuture<ClusterFacts>> reads = new ArrayList<>();
    for (var execution : entities.executions(Visibility.of(ClusterKinds.MANAGED_CLUSTER))) {
      PlacementMemo memo =
          execution.getMemo(PlacementActivities.MEMO, PlacementMemo.class, PlacementMemo.class);
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
                        .filter(PlacementNotices::selectable)
                        .map(PlacementNotices::facts)
                        .orElse(null),
                readers));
      }
    }
    return reads.stream()
        .map(CompletableFuture::join)
        .filter(Objects::nonNull)
        .sorted(Comparator.comparing(ClusterFacts::name))
        .toList();
  }

  @Override
  public <T extends HasMetadata> List<T> live(ResourceKind<T> kind, String namespace) {
    return entities.list(kind, namespace).stream()
        .filter(o -> o.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  @Override
  public <T extends HasMetadata> Optional<T> find(
      ResourceKind<T> kind, String namespace, String name) {
    return entities.entity(kind, namespace, name).find();
  }
}
