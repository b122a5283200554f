package io.fleetflow.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.Placements;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A benchmark, not a test: one ManifestWorkReplicaSet rolled out to 200 simulated clusters (one
 * fleet JVM), with strategy All and with Progressive maxConcurrency 50, against a bare Temporal
 * fan-out of as many no-op activities (all at once, and 50 at a time) on the same server in the
 * same run. Run it with {@code ./fleetflow bench}; it writes a section of {@code
 * docs/benchmarks.md}.
 */
class RolloutBenchmark {
  private static final int CLUSTERS = Integer.getInteger("fleetflow.bench.clusters", 200);
  private static final int WINDOW = 50;

  @Test
  void oneWorkRollsOutToTwoHundredClusters() throws Exception {
    List<String> names = IntStream.rangeClosed(1, CLUSTERS).mapToObj(i -> "rb" + i).toList();
    try (Fleet fleet = Fleet.start("rollout-bench", Placements.AUTO_APPROVE_SIMULATED)) {
      Kubectl kubectl = fleet.kubectl();
      double bareAll = bareFanOut(fleet.temporal(), CLUSTERS);
      double bareWindow = bareFanOut(fleet.temporal(), WINDOW);

      fleet.startAgentFleet(names);
      Placements.placeAll(kubectl, "bench", CLUSTERS, Duration.ofMinutes(15));

      double all = rollout(kubectl, "bench-all", "{type: All}");
      double progressive =
          rollout(
              kubectl,
              "bench-progressive",
              "{type: Progressive, progressive: {maxConcurrency: " + WINDOW + "}}");
      write(all, progressive, bareAll, bareWindow);
      assertThat(all).isPositive();
    }
  }

  /** Rolls a one-ConfigMap work out and returns create-to-PlacementRolledOut in workflow time. */
  private static double rollout(Kubectl kubectl, String name, String strategy) {
    kubectl
        .run(
            """
            apiVersion: work.open-cluster-management.io/v1alpha1
            kind: ManifestWorkReplicaSet
            metadata: {name: %s, namespace: bench}
            spec:
              placementRefs: [{name: all, rolloutStrategy: %s}]
              manifestWorkTemplate:
                workload:
                  manifests:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: %s, namespace: default}, data: {v: "1"}}
            """
                .formatted(name, strategy, name),
            "apply",
            "-f",
            "-")
        .ok();
    String rolledOut = "{.status.conditions[?(@.type==\"PlacementRolledOut\")].status}";
    await(name + " rolled out")
        .atMost(Duration.ofMinutes(15))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () ->
                kubectl
                    .run(null, "get", "mwrs", name, "-n", "bench", "-o", "jsonpath=" + rolledOut)
                    .output()
                    .equals("True"));
    String[] times =
        kubectl
            .ok(
                "get",
                "mwrs",
                name,
                "-n",
                "bench",
                "-o",
                "jsonpath={.metadata.creationTimestamp} {.status.conditions[?(@.type==\"PlacementRolledOut\")].lastTransitionTime}")
            .split(" ");
    return Duration.between(Instant.parse(times[0]), Instant.parse(times[1])).toMillis() / 1000.0;
  }

  /** One bare workflow that runs a no-op activity per cluster, window at a time; its duration. */
  private static double bareFanOut(WorkflowClient client, int window) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    factory
        .newWorker(BareJoinWorkflow.TASK_QUEUE)
        .registerWorkflowImplementationTypes(BareFanOutWorkflow.Impl.class);
    factory
        .newWorker(BareJoinWorkflow.AGENT_QUEUE)
        .registerActivitiesImplementations((BareJoinWorkflow.Noop) () -> {});
    factory.start();
    try {
      WorkflowStub stub =
          client.newUntypedWorkflowStub(
              "BareFanOutWorkflow",
              WorkflowOptions.newBuilder()
                  .setWorkflowId("bench-fan-out-" + window + "-" + System.nanoTime())
                  .setTaskQueue(BareJoinWorkflow.TASK_QUEUE)
                  .build());
      long start = System.nanoTime();
      stub.start(CLUSTERS, window);
      stub.getResult(Void.class);
      return (System.nanoTime() - start) / 1e9;
    } finally {
      factory.shutdown();
    }
  }

  private static String bar(double seconds) {
    return "#".repeat(Math.max(1, (int) Math.round(seconds / 2)));
  }

  private static void write(double all, double progressive, double bareAll, double bareWindow)
      throws IOException {
    String section =
        """
        ## Rollout: one work to %d clusters

        Measured by `./fleetflow bench` (`e2e/src/test/java/io/fleetflow/e2e/bench/RolloutBenchmark.java`)
        on %s: one dev server, the hub, the gateway and one fleet JVM hosting %d simulated clusters
        that all joined and a Placement selecting all of them, on this machine (2 cores). Fleetflow's
        time is from the ManifestWorkReplicaSet's creation to `PlacementRolledOut=True` (workflow
        time): every cluster got its ManifestWork (a ConfigMap), applied it on its simulated API and
        reported Applied and Available. The baseline, in the same run on the same server, is one bare
        workflow running %d no-op activities on another task queue, all at once or %d at a time.

        | strategy | Fleetflow | bare fan-out | ratio |
        |---|---|---|---|
        | All | %.1f s | %.2f s | %.0f |
        | Progressive, maxConcurrency %d | %.1f s | %.2f s | %.0f |

        The difference is what a rollout is made of: per cluster one hub activity that creates the
        ManifestWork workflow (update-with-start), that workflow's apply activity on the agent, the
        agent's writes to its cluster's API, and the status report signalled back to the replica set,
        against one no-op activity. Fifty clusters at a time keep the hub, the dev server and the
        fleet JVM below saturation on two cores, while two hundred at once queue behind each other;
        the bare fan-out shows the same effect. Other builds may share the machine, so absolute
        times can be pessimistic; the ratios compare runs on the same server in the same minutes.

        Chart (seconds, one `#` per 2 s):

        ```
        All          Fleetflow  %s %.1f
                     bare       %s %.1f
        Progressive  Fleetflow  %s %.1f
        (max %d)     bare       %s %.1f
        ```
        """
            .formatted(
                CLUSTERS,
                java.time.LocalDate.now(),
                CLUSTERS,
                CLUSTERS,
                WINDOW,
                all,
                bareAll,
                all / bareAll,
                WINDOW,
                progressive,
                bareWindow,
                progressive / bareWindow,
                bar(all),
                all,
                bar(bareAll),
                bareAll,
                bar(progressive),
                progressive,
                WINDOW,
                bar(bareWindow),
                bareWindow);
    BenchmarkReport.write("## Rollout:", section);
  }
}
