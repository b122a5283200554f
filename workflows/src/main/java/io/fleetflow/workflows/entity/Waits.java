package io.fleetflow.workflows.entity;

import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * Waits with a labelled timer. {@code Workflow.await(Duration, ...)} takes no summary, so its timer
 * shows in the Temporal UI without saying what it waits for; these waits name it ("lease of
 * cluster1 expires", "retry apply on cluster2").
 */
public final class Waits {
  /**
   * The change that labelled the waits. Executions started before it waited with {@code
   * Workflow.await(Duration, ...)}, which starts its timer even when the condition already holds;
   * they keep doing so when replayed.
   */
  static final String LABELLED_WAITS = "labelled-waits";

  private Waits() {}

  /**
   * Waits until the condition holds or the timeout passes; the timer is cancelled when the
   * condition comes first.
   *
   * @return true when the condition holds
   */
  public static boolean until(Duration timeout, String summary, Functions.Func<Boolean> condition) {
    if (Workflow.getVersion(LABELLED_WAITS, Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      return Workflow.await(timeout, condition::apply);
    }
    if (condition.apply()) {
      return true;
    }
    @SuppressWarnings("unchecked")
    Promise<Void>[] timer = new Promise[1];
    CancellationScope scope =
        Workflow.newCancellationScope(
            () -> {
              timer[0] =
                  Workflow.newTimer(timeout, TimerOptions.newBuilder().setSummary(summary).build());
            });
    scope.run();
    // A cancelled timer fails with a CanceledFailure: when the condition comes first, and when the
    // worker evicts the workflow from its cache while it waits. A handler reads that failure, so
    // the SDK does not log it as one nobody read (it did at every eviction: 30,000 warnings in one
    // run of a thousand clusters). Handlers add no command, so histories replay unchanged.
    timer[0].exceptionally(cancelled -> null);
    Workflow.await(() -> timer[0].isCompleted() || condition.apply());
    boolean met = condition.apply();
    if (!timer[0].isCompleted()) {
      scope.cancel();
    }
    return met;
  }

  /** Sleeps with a labelled timer. */
  public static void sleep(Duration duration, String summary) {
    Workflow.newTimer(duration, TimerOptions.newBuilder().setSummary(summary).build()).get();
  }
}
