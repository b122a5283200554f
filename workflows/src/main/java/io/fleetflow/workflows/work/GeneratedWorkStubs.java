package io.fleetflow.workflows.work;

import io.fleetflow.activities.hub.GeneratedWorkActivities;
import io.fleetflow.workflows.entity.HubStubs;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * The stub through which generating workflows (replica sets, add-ons) write their ManifestWorks: a
 * refused write (an earlier copy still being deleted) is retried for about two minutes.
 */
public final class GeneratedWorkStubs {
  /** About two minutes of attempts, for a work refused while an earlier copy is deleted. */
  private static final RetryOptions RETRY =
      RetryOptions.newBuilder()
          .setMaximumInterval(Duration.ofSeconds(10))
          .setMaximumAttempts(12)
          .build();

  private GeneratedWorkStubs() {}

  /**
   * Returns a stub for {@link GeneratedWorkActivities#applyAll}, labelled with {@code summary}: it
   * heartbeats, so a batch on a hub that died is tried again within half a minute, and it tries
   * refused works again itself.
   */
  public static GeneratedWorkActivities batch(String summary) {
    return Workflow.newActivityStub(
        GeneratedWorkActivities.class,
        HubStubs.options(
                summary,
                Duration.ofSeconds(GeneratedWorkActivities.REFUSED_RETRY_SECONDS).plusMinutes(3))
            .setHeartbeatTimeout(Duration.ofSeconds(30))
            .setRetryOptions(RETRY)
            .build());
  }

  /** Returns a stub labelled with {@code summary}. */
  public static GeneratedWorkActivities of(String summary) {
    return Workflow.newActivityStub(
        GeneratedWorkActivities.class,
        HubStubs.options(summary, Duration.ofSeconds(30)).setRetryOptions(RETRY).build());
  }
}
