package io.fleetflow.hub;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.activities.hub.ClusterFacts;
import io.fleetflow.activities.hub.PlacementActivities;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.cluster.ManagedClusterStatus.ClusterClaim;
import io.fleetflow.model.clusterset.ManagedClusterSet;
import io.fleetflow.model.clusterset.ManagedClusterSetBinding;
import io.fleetflow.model.meta.Kinds;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.placement.AddOnPlacementScore;
import io.fleetflow.workflows.entity.EntityOperations;
import io.fleetflow.workflows.entity.FleetflowSearchAttributes;
import io.fleetflow.workflows.placement.PlacementDecisions;
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
    CompletableFuture<List<ManagedCluster>> clusters =
        CompletableFuture.supplyAsync(() -> list(Kinds.MANAGED_CLUSTER, null), readers);
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
    List<ClusterFacts> facts =
        clusters.join().stream()
            .filter(c -> c.getSpec().isHubAcceptsClient())
            .map(PlacementActivitiesImpl::facts)
            .toList();
    return new FleetView(facts, sets.join(), scores.join(), others.join());
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
    String query =
        FleetflowSearchAttributes.KIND.getName()
            + " = '"
            + kind
            + "' AND ExecutionStatus = 'Running'"
            + (namespace == null
                ? ""
                : " AND "
                    + FleetflowSearchAttributes.NAMESPACE.getName()
                    + " = '"
                    + namespace
                    + "'");
    return client
        .listExecutions(query)
        .map(WorkflowExecutionMetadata::getExecution)
        .map(e -> e.getWorkflowId())
        .toList();
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

  private static ClusterFacts facts(ManagedCluster cluster) {
    Map<String, String> claims = new TreeMap<>();
    for (ClusterClaim claim : cluster.getStatus().getClusterClaims()) {
      claims.put(claim.name(), claim.value());
    }
    return new ClusterFacts(
        cluster.getMetadata().getName(),
        cluster.getMetadata().getLabels() == null
            ? Map.of()
            : new TreeMap<>(cluster.getMetadata().getLabels()),
        claims,
        cluster.getSpec().getTaints(),
        cluster.getStatus().getAllocatable() == null
            ? Map.of()
            : new TreeMap<>(cluster.getStatus().getAllocatable()));
  }
}
