package io.fleetflow.workflows.takeover;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One install or release of a cluster's management resources, a child of the cluster's workflow
 * with the ID {@code ManagedCluster/<name>/takeover} (install) or {@code
 * ManagedCluster/<name>/release} (release).
 *
 * <p>Install applies the desired resources one by one, cluster-scoped first, each with retries and
 * backoff, then removes what the profile no longer holds in reverse order; it stops at the first
 * resource that keeps failing and reports it. Release removes, in this order, the cluster's
 * add-ons, its ManifestWorks (by OCM's cleanup priority, waiting until each work's workflow ended)
 * and the installed resources in reverse install order; it waits while the cluster is unreachable
 * until it is forced to orphan what is left. Every step reports its progress to the parent.
 */
@WorkflowInterface
public interface ClusterTakeoverWorkflow {
  @WorkflowMethod
  TakeoverResult run(TakeoverRequest request);

  /** Returns the current step. */
  @QueryMethod(name = "progress")
  TakeoverProgress progress();

  /** Stops waiting for the cluster: what is left stays on it (orphaned), with the given reason. */
  @SignalMethod(name = "force")
  void force(String reason);
}
