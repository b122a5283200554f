package io.fleetflow.workflows;

import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Runs under a Placement's workflow ID in tests of the objects that follow a placement, so that
 * their subscriptions land (a replica set that cannot subscribe keeps asking every resync); the
 * tests signal the decisions themselves. Signals it has no handler for are dropped, as the SDK
 * does.
 */
@WorkflowInterface
public interface PlacementStandIn {
  /** The task queue the stand-ins run on. */
  String TASK_QUEUE = "placement-stand-in";

  @WorkflowMethod
  void run();

  /** Implements {@link PlacementStandIn}: it waits forever. */
  class Impl implements PlacementStandIn {
    @Override
    public void run() {
      Workflow.await(() -> false);
    }
  }
}
