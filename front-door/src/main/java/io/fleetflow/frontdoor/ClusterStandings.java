package io.fleetflow.frontdoor;

import io.fleetflow.frontdoor.AgentPolicy.Access;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.takeover.Takeover;
import io.fleetflow.workflows.cluster.AgentStanding;
import io.fleetflow.workflows.entity.FleetflowSearchAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.common.SearchAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How each cluster stands with the hub, as its agent's access goes, kept fresh enough that a denied
 * or removed cluster is refused within seconds: one visibility listing of every running
 * ManagedCluster every {@code refresh}, and for a cluster that is not known to be accepted, a
 * direct look at its workflow at most once a second, so a cluster accepted a moment ago does not
 * wait for the next listing.
 *
 * <p>The standing comes from the cluster's {@link AgentStanding} memo when its workflow publishes
 * one (access and the identity whose certificates count), otherwise (a run from before standings)
 * from its phase, and for a denied cluster from whether its release still runs (a query of the few
 * denied clusters).
 */
public final class ClusterStandings implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterStandings.class);
  private static final Duration DIRECT_LOOK_INTERVAL = Duration.ofSeconds(1);
  private static final String ALL_CLUSTERS =
      FleetflowSearchAttributes.KIND.getName()
          + " = 'ManagedCluster' AND ExecutionStatus = 'Running'";

  /**
   * A cluster's standing.
   *
   * @param access what its agent may do
   * @param identity the fingerprint of the only key whose certificates count, or null for any
   */
  public record Standing(Access access, String identity) {
    static final Standing GONE = new Standing(Access.NONE, null);
  }

  private record Known(Standing standing, Instant seen) {}

  private final WorkflowClient temporal;
  private final Clock clock;
  private final Map<String, Known> known = new ConcurrentHashMap<>();
  private final ScheduledExecutorService refresher;

  /**
   * Starts refreshing in the background.
   *
   * @param temporal a client of the hub's namespace whose data converter reads memos
   * @param refresh how often every cluster is listed
   */
  public ClusterStandings(WorkflowClient temporal, Duration refresh, Clock clock) {
    this.temporal = temporal;
    this.clock = clock;
    this.refresher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "front-door-standings");
              t.setDaemon(true);
              return t;
            });
    refresher.scheduleWithFixedDelay(
        this::refreshAll, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * What the agent of a cluster may do, for a certificate of the given key.
   *
   * @param cluster the cluster's name
   * @param identity the fingerprint of the certificate's key
   */
  public Access access(String cluster, String identity) {
    Known entry = known.get(cluster);
    Instant now = clock.instant();
    if (entry == null
        || (entry.standing().access() != Access.FULL
            && entry.seen().plus(DIRECT_LOOK_INTERVAL).isBefore(now))) {
      entry = new Known(lookAt(cluster), now);
      known.put(cluster, entry);
    }
    Standing standing = entry.standing();
    if (standing.identity() != null && !standing.identity().equals(identity)) {
      // The name now belongs to another key (the cluster was removed and joined again).
      return Access.NONE;
    }
    return standing.access();
  }

  private void refreshAll() {
    try {
      Instant now = clock.instant();
      Set<String> seen = new HashSet<>();
      temporal
          .listExecutions(ALL_CLUSTERS)
          .forEach(
              execution -> {
                String id = execution.getExecution().getWorkflowId();
                String cluster = id.substring(AgentPolicy.MANAGED_CLUSTER.length());
                seen.add(cluster);
                known.put(cluster, new Known(standingOf(execution), now));
              });
      // A cluster no longer listed was removed (or its request expired).
      known.keySet().removeIf(c -> !seen.contains(c) && known.get(c).seen().isBefore(now));
    } catch (RuntimeException e) {
      log.warn("cannot list the ManagedClusters now ({}); keeping what is known", e.getMessage());
    }
  }

  private Standing lookAt(String cluster) {
    try {
      var response =
          temporal
              .getWorkflowServiceStubs()
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(temporal.getOptions().getNamespace())
                      .setExecution(
                          WorkflowExecution.newBuilder()
                              .setWorkflowId(AgentPolicy.MANAGED_CLUSTER + cluster))
                      .build());
      if (response.getWorkflowExecutionInfo().getStatus()
          != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        return Standing.GONE;
      }
      return standingOf(
          new WorkflowExecutionMetadata(
              response.getWorkflowExecutionInfo(), temporal.getOptions().getDataConverter()));
    } catch (io.grpc.StatusRuntimeException e) {
      if (e.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
        return Standing.GONE;
      }
      Known last = known.get(cluster);
      log.warn("cannot look at ManagedCluster/{} now: {}", cluster, e.getStatus());
      return last == null ? Standing.GONE : last.standing();
    }
  }

  private Standing standingOf(WorkflowExecutionMetadata execution) {
    AgentStanding memo = null;
    try {
      memo = execution.getMemo(AgentStanding.MEMO, AgentStanding.class, AgentStanding.class);
    } catch (RuntimeException e) {
      log.warn(
          "the {} memo of {} cannot be read: {}",
          AgentStanding.MEMO,
          execution.getExecution().getWorkflowId(),
          e.getMessage());
    }
    if (memo != null && memo.access() != null) {
      return new Standing(Access.valueOf(memo.access()), memo.identity());
    }
    SearchAttributes attributes = execution.getTypedSearchAttributes();
    String phase = attributes.get(FleetflowSearchAttributes.PHASE);
    Access access = accessOfPhase(phase);
    if ("Denied".equals(phase)) {
      // A denied cluster keeps its agent only while the agent carries its release out.
      access = releasing(execution.getExecution().getWorkflowId()) ? Access.RELEASE : Access.NONE;
    }
    return new Standing(access, null);
  }

  /** Whether a denied cluster's release still runs, as its TakenOver condition says. */
  private boolean releasing(String workflowId) {
    try {
      ManagedCluster cluster =
          temporal.newUntypedWorkflowStub(workflowId).query("get", ManagedCluster.class);
      return cluster != null && Takeover.isReleasing(cluster);
    } catch (RuntimeException e) {
      log.warn(
          "cannot read {} now ({}); taking its release as still running",
          workflowId,
          e.getMessage());
      return true;
    }
  }

  /**
   * The access a phase gives, for clusters whose workflow publishes no access memo: accepted phases
   * work, a denied or deleting cluster may still carry out its release, the rest may only join.
   */
  static Access accessOfPhase(String phase) {
    if (phase == null) {
      return Access.NONE;
    }
    return switch (phase) {
      case "Joining", "Available", "Unavailable", "Unknown" -> Access.FULL;
      case "Denied", "Deleting" -> Access.RELEASE;
      default -> Access.NONE;
    };
  }

  @Override
  public void close() {
    refresher.shutdownNow();
  }
}
