package io.fleetflow.e2e.bench;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.WorkerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The baseline of every benchmark: the least Temporal can do for one object, a workflow that runs
 * one no-op activity on another task queue ({@link BareJoinWorkflow}), started many times at once
 * on the same server.
 */
final class BareFanOut {
  private BareFanOut() {}

  /** What a fan-out measured: each workflow's start-to-end time, and the whole run's. */
  record Result(Stats latency, double wallSeconds) {
    double throughput(int count) {
      return count / wallSeconds;
    }
  }

  /** Starts {@code count} bare workflows at once and times each from start to end. */
  static Result run(WorkflowClient client, int count) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    factory
        .newWorker(BareJoinWorkflow.TASK_QUEUE)
        .registerWorkflowImplementationTypes(BareJoinWorkflow.Impl.class);
    factory
        .newWorker(BareJoinWorkflow.AGENT_QUEUE)
        .registerActivitiesImplementations((BareJoinWorkflow.Noop) () -> {});
    factory.start();
    try {
      long started = System.nanoTime();
      List<CompletableFuture<Double>> runs = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        WorkflowStub stub =
            client.newUntypedWorkflowStub(
                "BareJoinWorkflow",
                WorkflowOptions.newBuilder()
                    .setWorkflowId("bench-bare-" + i + "-" + System.nanoTime())
                    .setTaskQueue(BareJoinWorkflow.TASK_QUEUE)
                    .build());
        long start = System.nanoTime();
        stub.start();
        runs.add(stub.getResultAsync(Void.class).thenApply(v -> (System.nanoTime() - start) / 1e9));
      }
      Stats latency = Stats.of(runs.stream().map(CompletableFuture::join).toList());
      return new Result(latency, (System.nanoTime() - started) / 1e9);
    } finally {
      factory.shutdown();
    }
  }
}
