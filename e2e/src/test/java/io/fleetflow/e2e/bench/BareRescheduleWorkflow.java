package io.fleetflow.e2e.bench;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;

/**
 * The baseline of the placement benchmark: the least Temporal can do to react to a change, a
 * workflow that on each signal runs one no-op activity (its "read the fleet") and counts, with the
 * count read by a query.
 */
@WorkflowInterface
public interface BareRescheduleWorkflow {
  String TASK_QUEUE = "bench-bare-reschedule";

  @WorkflowMethod
  void run();

  @SignalMethod
  void changed();

  @QueryMethod
  int rounds();

  /** The no-op read. */
  @ActivityInterface
  interface Read {
    void read();
  }

  /** The baseline workflow. */
  class Impl implements BareRescheduleWorkflow {
    private int signals;
    private int rounds;

    @Override
    public void run() {
      Read read =
          Workflow.newActivityStub(
              Read.class,
              ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());
      while (true) {
        Workflow.await(() -> signals > rounds);
        read.read();
        rounds = signals;
      }
    }

    @Override
    public void changed() {
      signals++;
    }

    @Override
    public int rounds() {
      return rounds;
    }
  }
}
