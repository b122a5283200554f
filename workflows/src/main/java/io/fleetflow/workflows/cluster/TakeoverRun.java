package io.fleetflow.workflows.cluster;

import io.fleetflow.workflows.takeover.ClusterTakeoverWorkflow;
import io.fleetflow.workflows.takeover.TakeoverRequest;
import io.fleetflow.workflows.takeover.TakeoverResult;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;

/**
 * A takeover child (install or release) that a ManagedCluster workflow started and has not yet seen
 * end. The cluster's loop keeps handling leases, decisions and deletion while it runs, and handles
 * its end as one more event.
 */
final class TakeoverRun {
  final TakeoverRequest request;
  final String workflowId;
  final ClusterTakeoverWorkflow child;
  final Promise<TakeoverResult> result;

  /** Whether the release runs because the ManagedCluster is being deleted. */
  final boolean deleting;

  /** The cluster set whose overrides an install applies, for the condition it leaves. */
  final String clusterSet;

  /** The force reason the child knows of, or null. */
  String forceSent;

  TakeoverRun(
      TakeoverRequest request,
      String workflowId,
      ClusterTakeoverWorkflow child,
      Promise<TakeoverResult> result,
      boolean deleting,
      String clusterSet) {
    this.request = request;
    this.workflowId = workflowId;
    this.child = child;
    this.result = result;
    this.deleting = deleting;
    this.clusterSet = clusterSet;
    this.forceSent = request.forced();
  }

  boolean ended() {
    return result.isCompleted();
  }

  /**
   * Passes a force reason on to a running release, so a release that waits for an unreachable
   * cluster can end; an install has nothing to orphan and is not told.
   */
  void forward(String reason) {
    if (!request.release() || reason == null || reason.equals(forceSent)) {
      return;
    }
    forceSent = reason;
    Workflow.getWorkflowExecution(child).get();
    Workflow.newExternalWorkflowStub(ClusterTakeoverWorkflow.class, workflowId).force(reason);
  }
}
