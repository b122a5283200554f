package io.fleetflow.workflows.entity;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A workflow that waits with {@link Waits#until} on a worker without a workflow cache, so that it
 * is evicted after every task as a hub with more entities than cache slots evicts them: its pending
 * timer is cancelled each time, and the SDK must not log that as a failure nobody read.
 */
class WaitsEvictionTest {
  @WorkflowInterface
  public interface Waiter {
    @WorkflowMethod
    int run();

    @SignalMethod
    void next();
  }

  /** Waits twice, as an entity's loop waits once per turn: each signal ends one wait early. */
  public static class WaiterImpl implements Waiter {
    private int signals;

    @Override
    public int run() {
      int met = 0;
      for (int turn = 1; turn <= 2; turn++) {
        int wanted = turn;
        if (Waits.until(Duration.ofHours(1), "wait for turn " + turn, () -> signals >= wanted)) {
          met++;
        }
      }
      return met;
    }

    @Override
    public void next() {
      signals++;
    }
  }

  @Test
  void anEvictedWaitLeavesNoUnreadFailureInTheLog() throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    List<Integer> met = new ArrayList<>();
    try (TestWorkflowEnvironment env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(
                    WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(1).build())
                .build())) {
      env.newWorker("waits").registerWorkflowImplementationTypes(WaiterImpl.class);
      env.start();
      List<Waiter> waiters = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        // Each new waiter takes the one cache slot, evicting the one before it mid-wait, after
        // its first wait ended early (its timer cancelled).
        Waiter waiter =
            env.getWorkflowClient()
                .newWorkflowStub(
                    Waiter.class, WorkflowOptions.newBuilder().setTaskQueue("waits").build());
        WorkflowClient.start(waiter::run);
        waiter.next();
        env.sleep(Duration.ofSeconds(1));
        waiters.add(waiter);
      }
      // Every waiter is signalled before any result is awaited: awaiting one lets the test server
      // skip time, and an hour skipped would end the others' waits before their signal.
      for (Waiter waiter : waiters) {
        waiter.next();
      }
      for (Waiter waiter : waiters) {
        met.add(WorkflowStub.fromTyped(waiter).getResult(Integer.class));
      }
    } finally {
      System.setErr(original);
    }
    assertThat(met).containsExactly(2, 2, 2);
    assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("never accessed");
  }
}
