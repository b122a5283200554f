package io.fleetflow.activities.hub.liveness;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * The hub's view of which agents poll their clusters' task queues, which is how it knows an idle
 * cluster's agent is alive without a lease renewal of its own: Temporal records every poller of a
 * task queue with the time of its latest poll.
 */
@ActivityInterface
public interface ClusterLivenessActivities {
  /** The ID of the one workflow that sweeps the watched clusters. */
  String WORKFLOW_ID = "cluster-liveness";

  /** The workflow type of that workflow. */
  String WORKFLOW_TYPE = "ClusterLivenessWorkflow";

  /** The signal that adds, changes or removes one watched cluster. */
  String WATCH = "watch";

  /**
   * Adds a cluster to the sweep (or changes or ends its watch, see {@link
   * WatchedCluster#unwatches}), starting the sweeping workflow when it does not run. Run by the
   * cluster's workflow, without waiting for it, when its agent has joined, when its lease changes
   * and when it leaves service.
   */
  @ActivityMethod(name = "WatchClusterLiveness")
  void watch(WatchedCluster cluster);

  /**
   * Reads the pollers of every watched cluster's task queue and returns the clusters whose agents
   * crossed the line since the hub last looked. A task queue that cannot be read keeps its cluster
   * as it was.
   */
  @ActivityMethod(name = "SweepClusterLiveness")
  List<Crossing> sweep(List<WatchedCluster> watched);
}
