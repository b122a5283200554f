package io.fleetflow.hub;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.activities.hub.ClusterFacts;
import io.fleetflow.activities.hub.PlacementActivities;
import io.fleetflow.activities.hub.PlacementActivities.PlacementMemo;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.clusterset.ManagedClusterSet;
import io.fleetflow.model.clusterset.ManagedClusterSetBinding;
import io.fleetflow.model.meta.Kinds;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.placement.AddOnPlacementScore;
import io.fleetflow.workflows.entity.EntityOperations;
import io.fleetflow.workflows.entity.FleetflowSearchAttributes;
import io.fleetflow.workflows.placement.PlacementDecisions;
import io.fleetflow.workflows.placement.PlacementNotices;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowQueryRejectedException;
import io.temporal.client.WorkflowServiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads the fleet for placements: visibility finds the running entities of a kind, and each one's
 * {@code get} query gives its current state (queries are answered by the workflow itself, so they
 * are never behind the way visibility can be). Reads run in parallel on virtual threads.
 */
@Component("placementActivities")
public class PlacementActivitiesImpl implements PlacementActivities {
  private static final Logger log = LoggerFactory.getLogger(PlacementActivitiesImpl.class);
  private final WorkflowClient client;
  private final ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();

  public PlacementActivitiesImpl(WorkflowClient client) {
    this.client = client;
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
                    : list(Kinds.ADD_ON_PLACEMENT_SCORE, null).stream()
                        .filter(s -> scoreResources.contains(s.getMetadata().getName()))
                        .toList(),
            readers);
    CompletableFuture<Map<String, Integer>> others =
        CompletableFuture.supplyAsync(() -> otherDecisions(placementWorkflowId), readers);
    return new FleetView(clusters.join(), sets.join(), scores.join(), others.join());
  }

  @Override
  public int notifyPlacements(String reason) {
    List<String> placements = runningIds(Kinds.PLACEMENT.kind(), null);
    List<CompletableFuture<Void>> signals = new ArrayList<>();
    for (String id : placements) {
      signals.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  client.newUntypedWorkflowStub(id).signal(FLEET_CHANGED, reason);
                } catch (WorkflowNotFoundException | WorkflowServiceException e) {
                  // A placement that ended between the listing and the signal needs no notice.
                  log.debug("placement {} not signalled: {}", id, e.getMessage());
                }
              },
              readers));
    }
    signals.forEach(CompletableFuture::join);
    return placements.size();
  }

  /**
   * The clusters placements may select, from one visibility listing: each cluster workflow keeps
   * its facts in its memo. Only clusters whose workflows predate the memo are queried.
   */
  private List<ClusterFacts> selectableClusters() {
    List<CompletableFuture<ClusterFacts>> reads = new ArrayList<>();
    client
        .listExecutions(running(Kinds.MANAGED_CLUSTER.kind(), null))
        .forEach(
            execution -> {
              PlacementMemo memo =
                  execution.getMemo(MEMO, PlacementMemo.class, PlacementMemo.class);
              if (memo != null) {
                reads.add(
                    CompletableFuture.completedFuture(memo.selectable() ? memo.facts() : null));
              } else {
                String id = execution.getExecution().getWorkflowId();
                reads.add(
                    CompletableFuture.supplyAsync(
                        () -> {
                          ManagedCluster c = query(Kinds.MANAGED_CLUSTER, id);
                          return c == null
                                  || !c.getSpec().isHubAcceptsClient()
                                  || c.getMetadata().getDeletionTimestamp() != null
                              ? null
                              : PlacementNotices.facts(c);
                        },
                        readers));
              }
            });
    return reads.stream()
        .map(CompletableFuture::join)
        .filter(Objects::nonNull)
        .sorted(java.util.Comparator.comparing(ClusterFacts::name))
        .toList();
  }

  private List<ManagedClusterSet> boundSets(String namespace) {
    List<ManagedClusterSet> sets = new ArrayList<>();
    for (ManagedClusterSetBinding binding : list(Kinds.MANAGED_CLUSTER_SET_BINDING, namespace)) {
      ManagedClusterSet set =
          query(
              Kinds.MANAGED_CLUSTER_SET,
              Kinds.MANAGED_CLUSTER_SET.workflowId(null, binding.getSpec().getClusterSet()));
      if (set != null && set.getMetadata().getDeletionTimestamp() == null) {
        sets.add(set);
      }
    }
    return sets;
  }

  private Map<String, Integer> otherDecisions(String self) {
    Map<String, Integer> counts = new TreeMap<>();
    List<CompletableFuture<PlacementDecisions>> reads = new ArrayList<>();
    for (String id : runningIds(Kinds.PLACEMENT.kind(), null)) {
      if (!id.equals(self)) {
        reads.add(
            CompletableFuture.supplyAsync(
                () ->
                    read(
                        id,
                        w ->
                            client
                                .newUntypedWorkflowStub(w)
                                .query("decisions", PlacementDecisions.class)),
                readers));
      }
    }
    for (CompletableFuture<PlacementDecisions> read : reads) {
      PlacementDecisions decisions = read.join();
      if (decisions != null) {
        decisions.clusters().forEach(c -> counts.merge(c, 1, Integer::sum));
      }
    }
    return counts;
  }

  /** Every live object of a kind (in a namespace, or all), skipping those being deleted. */
  private <T extends HasMetadata> List<T> list(ResourceKind<T> kind, String namespace) {
    List<CompletableFuture<T>> reads = new ArrayList<>();
    for (String id : runningIds(kind.kind(), namespace)) {
      reads.add(CompletableFuture.supplyAsync(() -> query(kind, id), readers));
    }
    return reads.stream()
        .map(CompletableFuture::join)
        .filter(Objects::nonNull)
        .filter(o -> o.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  private List<String> runningIds(String kind, String namespace) {
    return client
        .listExecutions(running(kind, namespace))
        .map(WorkflowExecutionMetadata::getExecution)
        .map(e -> e.getWorkflowId())
        .toList();
  }

  private static String running(String kind, String namespace) {
    return FleetflowSearchAttributes.KIND.getName()
        + " = '"
        + kind
        + "' AND ExecutionStatus = 'Running'"
        + (namespace == null
            ? ""
            : " AND " + FleetflowSearchAttributes.NAMESPACE.getName() + " = '" + namespace + "'");
  }

  private <T extends HasMetadata> T query(ResourceKind<T> kind, String workflowId) {
    return read(
        workflowId,
        id -> client.newUntypedWorkflowStub(id).query(EntityOperations.GET, kind.type()));
  }

  private static <T> T read(String workflowId, Function<String, T> query) {
    try {
      return query.apply(workflowId);
    } catch (WorkflowNotFoundException | WorkflowQueryRejectedException e) {
      return null;
    }
  }
}
