package io.fleetflow.workflows.cluster;

import io.fleetflow.activities.hub.liveness.ClusterLivenessActivities;
import io.fleetflow.activities.hub.liveness.WatchedCluster;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * The one workflow ({@value ClusterLivenessActivities#WORKFLOW_ID}) that tells idle clusters'
 * agents alive or gone without a lease renewal each: every {@link
 * ClusterLivenessWorkflowImpl#SWEEP_EVERY} it reads, with one activity, when each watched cluster's
 * agent last polled its task queue, and signals {@link ManagedClusterWorkflow#AGENT_SEEN} only to
 * the clusters whose agents crossed the line either way. Clusters join the watch when their agents
 * have joined ({@link ClusterLiveness}); the hub alone signals it (agents may not: see the front
 * door's AgentPolicy).
 */
@WorkflowInterface
public interface ClusterLivenessWorkflow {
  /**
   * Sweeps until Temporal suggests a new run, then continues as new with the watched clusters.
   *
   * @param carried the clusters watched by the previous run, or null for the first
   */
  @WorkflowMethod(name = ClusterLivenessActivities.WORKFLOW_TYPE)
  void run(ClusterLivenessState carried);

  /** Adds, changes or removes one watched cluster ({@link WatchedCluster#unwatches}). */
  @SignalMethod(name = ClusterLivenessActivities.WATCH)
  void watch(WatchedCluster cluster);

  /** The watched clusters, sorted by name. */
  @QueryMethod(name = "watched")
  List<WatchedCluster> watched();
}
