package io.fleetflow.workflows.entity;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * Builds activity stubs for the hub's own activities (reading policies, listing the fleet,
 * notifying other workflows). They run on the hub's task queue with Temporal's default retries, a
 * start-to-close timeout that suits the call, and a summary for the Temporal UI.
 */
public final class HubStubs {
  private HubStubs() {}

  /** Returns a stub of {@code activities} on the hub's queue, labelled with {@code summary}. */
  public static <T> T of(Class<T> activities, String summary, Duration startToCloseTimeout) {
    return Workflow.newActivityStub(activities, options(summary, startToCloseTimeout).build());
  }

  /**
   * Returns the options {@link #of} uses, for a caller that must add its own retry policy on top.
   */
  public static ActivityOptions.Builder options(String summary, Duration startToCloseTimeout) {
    return ActivityOptions.newBuilder()
        .setTaskQueue(EntityOperations.HUB_TASK_QUEUE)
        .setStartToCloseTimeout(startToCloseTimeout)
        .setSummary(summary);
  }
}
