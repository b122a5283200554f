package io.fleetflow.e2e.bench;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;

/**
 * The baseline of the onboarding benchmark: the least Temporal can do for a join, one workflow that
 * runs one no-op activity on another task queue and ends.
 */
@WorkflowInterface
public interface BareJoinWorkflow {
  String TASK_QUEUE = "bench-bare";
  String AGENT_QUEUE = "bench-bare-agent";

  @WorkflowMethod
  void run();

  /** The no-op the baseline's agent runs. */
  @ActivityInterface
  interface Noop {
    void ping();
  }

  /** The baseline workflow. */
  class Impl implements BareJoinWorkflow {
    @Override
    public void run() {
      Workflow.newActivityStub(
              Noop.class,
              ActivityOptions.newBuilder()
                  .setTaskQueue(AGENT_QUEUE)
                  .setStartToCloseTimeout(Duration.ofSeconds(30))
                  .build())
          .ping();
    }
  }
}
