package io.fleetflow.activities.agent;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * What the hub asks of a cluster's agent. Every method is idempotent: Temporal may deliver an
 * activity again after a crash, and running it twice must leave the cluster as running it once.
 */
@ActivityInterface
public interface AgentActivities {
  /** The task queue that the agent of the named cluster polls. */
  static String taskQueue(String clusterName) {
    return "cluster-" + clusterName;
  }

  /**
   * Reads the cluster's facts: Kubernetes version, capacity and claims. The hub calls it once a
   * cluster is accepted, which also proves that the agent polls its queue.
   */
  @ActivityMethod(name = "DescribeCluster")
  ClusterInfo describeCluster();

  /**
   * Applies a work's manifests in OCM's kind order and reports each one's outcome. A manifest that
   * fails does not stop the others; its failure is reported in its {@link ResourceResult}.
   */
  @ActivityMethod(name = "ApplyManifests")
  ApplyResult applyManifests(ApplyRequest request);

  /**
   * Deletes the given resources and returns once they are gone from the cluster, heartbeating the
   * number still present. Resources that are already gone count as deleted.
   */
  @ActivityMethod(name = "DeleteResources")
  void deleteResources(DeleteRequest request);
}
