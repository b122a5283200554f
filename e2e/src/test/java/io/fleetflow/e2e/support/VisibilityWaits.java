package io.fleetflow.e2e.support;

import static org.awaitility.Awaitility.await;

import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * Waits for Temporal's visibility store, which indexes a workflow's status and search attributes a
 * moment after the task that changed them: a test that queries it right after the state it indexes
 * may read what was there before.
 */
public final class VisibilityWaits {
  private VisibilityWaits() {}

  /**
   * Waits up to 15 s until the IDs of the workflows that the visibility query finds satisfy {@code
   * holds}.
   *
   * @param alias what the wait is for, in the failure message
   */
  public static void until(
      WorkflowClient temporal, String alias, String query, Predicate<List<String>> holds) {
    await(alias)
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                holds.test(
                    temporal
                        .listExecutions(query)
                        .map(e -> e.getExecution().getWorkflowId())
                        .toList()));
  }
}
