package io.fleetflow.workflows.entity;

import io.fleetflow.activities.agent.AgentActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * Builds activity stubs that reach a cluster's agent. Every stub sets a schedule-to-start timeout,
 * so that a cluster whose agent picks nothing up is reported as unreachable instead of being waited
 * on in silence, plus start-to-close and heartbeat timeouts and a summary for the Temporal UI.
 */
public final class AgentStubs {
  /** How long a task may wait on a cluster's queue before the cluster counts as unreachable. */
  public static final Duration PICKUP_TIMEOUT = Duration.ofSeconds(60);

  private AgentStubs() {}

  /** Returns a stub for one call on the named cluster, labelled with the given summary. */
  public static AgentActivities forCluster(String clusterName, String summary) {
    return forCluster(clusterName, summary, PICKUP_TIMEOUT);
  }

  /** Returns a stub like {@link #forCluster(String, String)} with its own pickup timeout. */
  public static AgentActivities forCluster(
      String clusterName, String summary, Duration pickupTimeout) {
    return forCluster(AgentActivities.class, clusterName, summary, pickupTimeout);
  }

  /**
   * Returns a stub of another activity interface that the cluster's agent serves (such as the
   * takeover activities), with the same timeouts and retries.
   */
  public static <T> T forCluster(
      Class<T> activities, String clusterName, String summary, Duration pickupTimeout) {
    return Workflow.newActivityStub(
        activities,
        ActivityOptions.newBuilder()
            .setTaskQueue(AgentActivities.taskQueue(clusterName))
            .setScheduleToStartTimeout(pickupTimeout)
            .setStartToCloseTimeout(Duration.ofMinutes(5))
            .setHeartbeatTimeout(Duration.ofSeconds(30))
            .setRetryOptions(
                RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(1))
                    .setMaximumInterval(Duration.ofSeconds(30))
                    .setMaximumAttempts(5)
                    .build())
            .setSummary(summary)
            .build());
  }

  /** Returns true when the failure means that no agent picked the task up in time. */
  public static boolean isUnreachable(ActivityFailure failure) {
    return failure.getCause() instanceof TimeoutFailure timeout
        && timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START;
  }

  /** Describes a failure for a condition message, without Temporal's wrapping. */
  public static String describe(ActivityFailure failure) {
    Throwable cause = failure.getCause() == null ? failure : failure.getCause();
    return cause.getMessage();
  }
}
