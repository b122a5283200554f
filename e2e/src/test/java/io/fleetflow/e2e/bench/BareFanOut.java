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
 * one no-op activity on another task queue ({@link BareJoinWorkflow}), or a few one after the other
 * ({@link BareFanOutWorkflow}), started many times at once on the same server.
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
    return start(client, count, "BareJoinWorkflow");
  }

  /**
   * Starts {@code count} bare workflows at once that each run {@code steps} no-op activities one
   * after the other (the shape of an install: resource by resource, clusters in parallel), and
   * times each from start to end.
   */
  static Result sequences(WorkflowClient client, int count, int steps) {
    return start(client, count, "BareFanOutWorkflow", steps, 1);
  }

  private static Result start(WorkflowClient client, int count, String type, Object... args) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    factory
        .newWorker(BareJoinWorkflow.TASK_QUEUE)
        .registerWorkflowImplementationTypes(
            BareJoinWorkflow.Impl.class, BareFanOutWorkflow.Impl.class);
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
                type,
                WorkflowOptions.newBuilder()
                    .setWorkflowId("bench-bare-" + i + "-" + System.nanoTime())
                    .setTaskQueue(BareJoinWorkflow.TASK_QUEUE)
                    .build());
        long start = System.nanoTime();
        stub.start(args);
        runs.add(stub.getResultAsync(Void.class).thenApply(v -> (System.nanoTime() - start) / 1e9));
      }
      Stats latency = Stats.of(runs.stream().map(CompletableFuture::join).toList());
      return new Result(latency, (System.nanoTime() - started) / 1e9);
    } finally {
      factory.shutdown();
    }
  }
}
