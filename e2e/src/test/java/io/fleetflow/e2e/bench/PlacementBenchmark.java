package io.fleetflow.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fleetflow.activities.hub.ClusterFacts;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.cluster.ManagedClusterSpec.Taint;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.placement.AddOnPlacementScore;
import io.fleetflow.model.placement.Placement;
import io.fleetflow.model.placement.PlacementSpec;
import io.fleetflow.workflows.placement.PlacementDecisions;
import io.fleetflow.workflows.placement.PlacementSignals;
import io.fleetflow.workflows.placement.scheduling.Scheduler;
import io.fleetflow.workflows.placement.scheduling.SchedulingInput;
import io.fleetflow.workflows.placement.scheduling.SchedulingResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A benchmark, not a test. First the scheduler alone over 5,000 clusters for placements of several
 * shapes; then, end to end with 200 simulated clusters in one fleet JVM, the time from labelling a
 * cluster through the gateway to the placement's decision including it, against a bare Temporal
 * workflow that reacts to a signal with one no-op activity on the same server. Run it with {@code
 * ./fleetflow bench}; it writes its section of {@code docs/benchmarks.md}.
 */
class PlacementBenchmark {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final int SCHEDULED =
      Integer.getInteger("fleetflow.bench.scheduledClusters", 5000);
  private static final int CLUSTERS = Integer.getInteger("fleetflow.bench.placementClusters", 200);
  private static final int SAMPLES = 40;
  private static final String SECTION = "## Placement:";

  /** Placement shapes for the algorithm alone, by what they exercise. */
  private static final Map<String, String> SHAPES =
      orderedPairs(
          "label predicate, Additive (Steady, Balance), all matches",
          "{predicates: [{requiredClusterSelector: {labelSelector: {matchLabels: {env: prod}}}}]}",
          "CEL predicate, top 100 by CPU and an AddOn score (Exact)",
          "{numberOfClusters: 100, predicates: [{requiredClusterSelector: {celSelector:"
              + " {celExpressions: ['managedCluster.metadata.labels[\"env\"] == \"prod\"']}}}],"
              + " prioritizerPolicy: {mode: Exact, configurations: [{scoreCoordinate: {builtIn:"
              + " ResourceAllocatableCPU}}, {scoreCoordinate: {type: AddOn, addOn: {resourceName:"
              + " usage, scoreName: cpu}}, weight: 2}]}}",
          "tolerations, 10% decision groups with a named canary group",
          "{tolerations: [{key: cluster.open-cluster-management.io/unreachable, operator: Exists,"
              + " tolerationSeconds: 600}], decisionStrategy: {groupStrategy:"
              + " {clustersPerDecisionGroup: 10%, decisionGroups: [{groupName: canary,"
              + " groupClusterSelector: {labelSelector: {matchLabels: {canary: 'true'}}}}]}}}",
          "top 500 spread over 10 zones, maxSkew 1, DoNotSchedule",
          "{numberOfClusters: 500, spreadPolicy: {spreadConstraints: [{topologyKey: zone,"
              + " topologyKeyType: Label, maxSkew: 1, whenUnsatisfiable: DoNotSchedule}]}}");

  private static Map<String, String> orderedPairs(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  @Test
  void placementSchedulingAndRescheduling() throws Exception {
    Map<String, Stats> algorithm = algorithmAlone();
    Map<String, Object> endToEnd = endToEnd();
    write(algorithm, endToEnd);
  }

  private static Map<String, Stats> algorithmAlone() throws Exception {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    List<ClusterFacts> clusters = new ArrayList<>();
    List<AddOnPlacementScore> scores = new ArrayList<>();
    Map<String, Integer> others = new TreeMap<>();
    for (int i = 0; i < SCHEDULED; i++) {
      String name = "cluster" + i;
      List<Taint> taints =
          i % 50 == 0
              ? List.of(
                  new Taint(
                      "cluster.open-cluster-management.io/unreachable",
                      null,
                      "NoSelect",
                      now.minusSeconds(i % 900).toString()))
              : List.of();
      clusters.add(
          new ClusterFacts(
              name,
              Map.of(
                  "env",
                  i % 4 == 0 ? "dev" : "prod",
                  "zone",
                  "zone" + (i % 10),
                  "canary",
                  Boolean.toString(i % 100 == 0),
                  "cluster.open-cluster-management.io/clusterset",
                  "default"),
              Map.of("region.open-cluster-management.io", "region" + (i % 5)),
              taints,
              Map.of("cpu", (2 + i % 64) + "", "memory", (4 + i % 128) + "Gi")));
      AddOnPlacementScore score = new AddOnPlacementScore();
      score.setMetadata(new ObjectMeta());
      score.getMetadata().setName("usage");
      score.getMetadata().setNamespace(name);
      score.getStatus().getScores().add(new AddOnPlacementScore.Score("cpu", (i * 37) % 201 - 100));
      score.getStatus().setValidUntil(now.plusSeconds(3600).toString());
      scores.add(score);
      others.put(name, i % 7);
    }
    List<String> all = clusters.stream().map(ClusterFacts::name).toList();
    Map<String, Stats> results = new LinkedHashMap<>();
    for (Map.Entry<String, String> shape : SHAPES.entrySet()) {
      Placement placement = new Placement();
      placement.getMetadata().setName("bench");
      placement.getMetadata().setNamespace("bench");
      placement.setSpec(YAML.readValue(shape.getValue(), PlacementSpec.class));
      SchedulingInput input =
          new SchedulingInput(
              placement, clusters, Map.of("global", all), scores, others, Set.of(), now);
      for (int i = 0; i < 5; i++) {
        Scheduler.schedule(input);
      }
      List<Double> millis = new ArrayList<>();
      SchedulingResult result = null;
      for (int i = 0; i < 30; i++) {
        long start = System.nanoTime();
        result = Scheduler.schedule(input);
        millis.add((System.nanoTime() - start) / 1e6);
      }
      assertThat(result.clusters()).isNotEmpty();
      results.put(
          shape.getKey() + " → " + result.clusters().size() + " selected", Stats.of(millis));
    }
    return results;
  }

  private static Map<String, Object> endToEnd() throws Exception {
    List<String> names = IntStream.rangeClosed(1, CLUSTERS).mapToObj(i -> "pb" + i).toList();
    try (Fleet fleet =
            Fleet.start(
                "placement-bench",
                List.of(
                    "--fleetflow.registration.auto-approval[0].name=bench",
                    "--fleetflow.registration.auto-approval[0].claims.[bench.fleetflow.io]=yes"));
        KubernetesClient hub = fleet.gatewayClient("admin")) {
      WorkflowClient temporal = fleet.temporal();
      fleet.startAgentFleet(names, "--claim", "bench.fleetflow.io=yes");
      await("all clusters available")
          .atMost(Duration.ofMinutes(10))
          .pollInterval(Duration.ofSeconds(2))
          .ignoreExceptions()
          .until(() -> available(hub) == CLUSTERS);
      fleet
          .kubectl()
          .run(
              """
              apiVersion: cluster.open-cluster-management.io/v1beta2
              kind: ManagedClusterSetBinding
              metadata: {name: global, namespace: bench}
              spec: {clusterSet: global}
              ---
              apiVersion: cluster.open-cluster-management.io/v1beta1
              kind: Placement
              metadata: {name: target, namespace: bench}
              spec:
                predicates: [{requiredClusterSelector: {labelSelector: {matchLabels: {target: "yes"}}}}]
              ---
              apiVersion: cluster.open-cluster-management.io/v1beta1
              kind: Placement
              metadata: {name: half, namespace: bench}
              spec: {numberOfClusters: 100}
              ---
              apiVersion: cluster.open-cluster-management.io/v1beta1
              kind: Placement
              metadata: {name: all, namespace: bench}
              spec: {decisionStrategy: {groupStrategy: {clustersPerDecisionGroup: 25%}}}
              """,
              "apply", "-f", "-")
          .ok();
      var target = temporal.newUntypedWorkflowStub(PlacementSignals.workflowId("bench", "target"));
      await("the placements decided")
          .atMost(Duration.ofMinutes(2))
          .ignoreExceptions()
          .until(() -> target.query("decisions", PlacementDecisions.class) != null);

      // Each Fleetflow sample follows a bare one, so that both see the same server, the same
      // connected agents and the same moment's load.
      Duration settled =
          CpuLedger.awaitQuiet(RolloutBenchmark.QUIET_CORES, RolloutBenchmark.SETTLE_PATIENCE);
      BareRescheduler bareRounds = BareRescheduler.start(temporal);
      List<Double> seconds = new ArrayList<>();
      List<Double> bareSeconds = new ArrayList<>();
      String load = ProcessFigures.loadAverage();
      for (int i = 1; i <= SAMPLES; i++) {
        bareSeconds.add(bareRounds.round(i));
        String cluster = "pb" + i;
        long start = System.nanoTime();
        hub.resources(ManagedCluster.class)
            .withName(cluster)
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"target\":\"yes\"}}}");
        await(cluster + " decided")
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(20))
            .until(
                () -> target.query("decisions", PlacementDecisions.class).clusters(),
                c -> c.contains(cluster));
        seconds.add((System.nanoTime() - start) / 1e9);
      }
      bareRounds.stop();
      Map<String, Object> results = new LinkedHashMap<>();
      results.put("fleetflow", Stats.of(seconds));
      results.put("bare", Stats.of(bareSeconds));
      results.put("load", load);
      results.put("settled", settled.toSeconds());
      results.put(
          "historyEvents",
          temporal.fetchHistory(PlacementSignals.workflowId("bench", "target")).getEvents().size());
      return results;
    }
  }

  private static long available(KubernetesClient hub) {
    return hub.resources(ManagedCluster.class).list().getItems().stream()
        .filter(
            c ->
                Conditions.isTrue(
                    c.getStatus().getConditions(), ManagedCluster.CONDITION_AVAILABLE))
        .count();
  }

  /** A bare workflow, signalled and timed until its query shows the round done. */
  private record BareRescheduler(WorkerFactory factory, BareRescheduleWorkflow workflow) {
    static BareRescheduler start(WorkflowClient client) {
      WorkerFactory factory = WorkerFactory.newInstance(client);
      var worker = factory.newWorker(BareRescheduleWorkflow.TASK_QUEUE);
      worker.registerWorkflowImplementationTypes(BareRescheduleWorkflow.Impl.class);
      worker.registerActivitiesImplementations((BareRescheduleWorkflow.Read) () -> {});
      factory.start();
      BareRescheduleWorkflow bare =
          client.newWorkflowStub(
              BareRescheduleWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId("bench-bare-reschedule-" + System.nanoTime())
                  .setTaskQueue(BareRescheduleWorkflow.TASK_QUEUE)
                  .build());
      WorkflowClient.start(bare::run);
      return new BareRescheduler(factory, bare);
    }

    /** Signals round {@code round} and returns the seconds until the query showed it done. */
    double round(int round) {
      long start = System.nanoTime();
      workflow.changed();
      await("bare round " + round)
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> workflow.rounds() >= round);
      return (System.nanoTime() - start) / 1e9;
    }

    void stop() {
      factory.shutdown();
    }
  }

  private static void write(Map<String, Stats> algorithm, Map<String, Object> endToEnd)
      throws IOException {
    StringBuilder rows = new StringBuilder();
    algorithm.forEach(
        (shape, stats) ->
            rows.append(
                "| %s | %.1f ms | %.1f ms |\n".formatted(shape, stats.median(), stats.p99())));
    Stats fleetflow = (Stats) endToEnd.get("fleetflow");
    Stats bare = (Stats) endToEnd.get("bare");
    String section =
        """
        ## Placement: scheduling %,d clusters, rescheduling on %d

        Measured by `./fleetflow bench` (`e2e/src/test/java/io/fleetflow/e2e/bench/PlacementBenchmark.java`)
        on %s, on this machine (2 cores).

        **The scheduler alone** (`Scheduler.schedule`, one thread, after warm-up, 30 rounds each) over
        %,d clusters in one bound set, with labels, claims, allocatable CPU and memory, an
        AddOnPlacementScore each, Balance counts, and an unreachable taint on every 50th:

        | placement | median | p99 |
        |---|---|---|
        %s
        **Rescheduling end to end**: %d simulated clusters (one fleet JVM), three placements in one
        namespace (one selects `target=yes`, one the top 100, one all in 25%% groups). Each sample
        labels one more cluster `target=yes` through the gateway (fabric8 merge patch) and waits until
        the `decisions` query of `Placement/bench/target` includes it (polled every 20 ms). The path:
        gateway → ManagedCluster update → `NotifyPlacements` activity → `fleetChanged` signal to the
        three placements → `ReadPlacementInputs`, a local activity in the workflow task the signal
        woke (the clusters, the binding and its set from the hub's cache of the change feed, after
        one describe of the feed; the other placements' decisions only for the top-100 placement,
        whose Balance can change what it picks) → scheduler. The baseline: a bare workflow that
        reacts to a signal with one no-op activity, measured the same way (signal, then poll a
        query every 20 ms), one bare sample right before each Fleetflow sample on the same server
        with the same agents connected. The samples began after the machine had been quiet for 3 s
        (at most half a core busy; waited %d s), at a load average of %s (1/5/15 minutes).

        | %d samples each | median | p99 |
        |---|---|---|
        | label change to decision (client time) | %.2f s | %.2f s |
        | bare signal → activity → query (client time) | %.2f s | %.2f s |
        | ratio Fleetflow / bare | %.1f | %.1f |

        The measured placement's history held %s events after the run (it continues as new when
        Temporal suggests it). A round's read no longer grows with a listing of every cluster, only
        with the number of other placements, and only for placements that rank (one query each).
        """
            .formatted(
                SCHEDULED,
                CLUSTERS,
                java.time.LocalDate.now(),
                SCHEDULED,
                rows,
                CLUSTERS,
                endToEnd.get("settled"),
                endToEnd.get("load"),
                SAMPLES,
                fleetflow.median(),
                fleetflow.p99(),
                bare.median(),
                bare.p99(),
                fleetflow.median() / bare.median(),
                fleetflow.p99() / bare.p99(),
                endToEnd.get("historyEvents"));
    BenchmarkReport.write(SECTION, section);
  }
}
