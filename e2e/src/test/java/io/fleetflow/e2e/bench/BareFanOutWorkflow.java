package io.fleetflow.e2e.bench;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline of the rollout benchmark: the least Temporal can do for a rollout, one workflow that
 * runs one no-op activity per cluster on another task queue, at most {@code window} at a time.
 */
@WorkflowInterface
public interface BareFanOutWorkflow {
  @WorkflowMethod
  void run(int clusters, int window);

  /** The baseline workflow. */
  class Impl implements BareFanOutWorkflow {
    @Override
    public void run(int clusters, int window) {
      BareJoinWorkflow.Noop agent =
          Workflow.newActivityStub(
              BareJoinWorkflow.Noop.class,
              ActivityOptions.newBuilder()
                  .setTaskQueue(BareJoinWorkflow.AGENT_QUEUE)
                  .setStartToCloseTimeout(Duration.ofSeconds(30))
                  .build());
      for (int first = 0; first < clusters; first += window) {
        List<Promise<Void>> batch = new ArrayList<>();
        for (int i = first; i < Math.min(clusters, first + window); i++) {
          batch.add(Async.procedure(agent::ping));
        }
        Promise.allOf(batch).get();
      }
    }
  }
}
