package io.fleetflow.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.meta.Conditions;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A benchmark, not a test: 200 simulated clusters in one fleet JVM join and are auto-approved. It
 * reports join-to-available latency against a bare Temporal fan-out of as many one-activity
 * workflows on the same server, and the history each idle cluster adds per hour. Run it with {@code
 * ./fleetflow bench}; it writes {@code docs/benchmarks.md}.
 */
class OnboardingBenchmark {
  private static final int CLUSTERS = Integer.getInteger("fleetflow.bench.clusters", 200);
  private static final Duration IDLE_WINDOW =
      Duration.ofSeconds(Integer.getInteger("fleetflow.bench.idleSeconds", 180));

  @Test
  void twoHundredClustersJoinAndAreAutoApproved() throws Exception {
    List<String> names = IntStream.rangeClosed(1, CLUSTERS).mapToObj(i -> "bench" + i).toList();
    try (Fleet fleet =
            Fleet.start(
                "bench",
                List.of(
                    "--fleetflow.registration.auto-approval[0].name=bench",
                    "--fleetflow.registration.auto-approval[0].claims.[bench.fleetflow.io]=yes"));
        KubernetesClient hub = fleet.gatewayClient("admin")) {
      Stats bare = bareFanOut(fleet.temporal());

      long started = System.nanoTime();
      fleet.startAgentFleet(names, "--claim", "bench.fleetflow.io=yes");
      await("all clusters available")
          .atMost(Duration.ofMinutes(10))
          .pollInterval(Duration.ofSeconds(2))
          .ignoreExceptions()
          .until(() -> available(hub).size() == CLUSTERS);
      double wallSeconds = (System.nanoTime() - started) / 1e9;
      List<Double> joinToAvailable = new ArrayList<>();
      for (ManagedCluster c : available(hub)) {
        Instant joined = Instant.parse(c.getMetadata().getCreationTimestamp());
        Condition available =
            Conditions.find(c.getStatus().getConditions(), ManagedCluster.CONDITION_AVAILABLE)
                .orElseThrow();
        joinToAvailable.add(
            Duration.between(joined, Instant.parse(available.getLastTransitionTime())).toMillis()
                / 1000.0);
      }
      Stats fleetflow = Stats.of(joinToAvailable);

      Map<String, Double> idle = idleCost(fleet.temporal(), names.subList(0, 20));

      write(fleetflow, bare, wallSeconds, idle);
      assertThat(joinToAvailable).hasSize(CLUSTERS);
    }
  }

  private static List<ManagedCluster> available(KubernetesClient hub) {
    return hub.resources(ManagedCluster.class).list().getItems().stream()
        .filter(c -> c.getMetadata().getName().startsWith("bench"))
        .filter(
            c ->
                Conditions.isTrue(
                    c.getStatus().getConditions(), ManagedCluster.CONDITION_AVAILABLE))
        .toList();
  }

  /** Starts as many bare one-activity workflows at once and times each from start to end. */
  private static Stats bareFanOut(WorkflowClient client) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    factory
        .newWorker(BareJoinWorkflow.TASK_QUEUE)
        .registerWorkflowImplementationTypes(BareJoinWorkflow.Impl.class);
    factory
        .newWorker(BareJoinWorkflow.AGENT_QUEUE)
        .registerActivitiesImplementations((BareJoinWorkflow.Noop) () -> {});
    factory.start();
    try {
      List<CompletableFuture<Double>> runs = new ArrayList<>();
      for (int i = 0; i < CLUSTERS; i++) {
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
      return Stats.of(runs.stream().map(CompletableFuture::join).toList());
    } finally {
      factory.shutdown();
    }
  }

  private static long toMillis(HistoryEvent event) {
    return event.getEventTime().getSeconds() * 1000 + event.getEventTime().getNanos() / 1_000_000;
  }

  /** Counts what idle clusters add to their histories over a window, scaled to an hour. */
  private static Map<String, Double> idleCost(WorkflowClient client, List<String> sample)
      throws InterruptedException {
    Map<String, Integer> before = new TreeMap<>();
    for (String name : sample) {
      before.put(name, client.fetchHistory("ManagedCluster/" + name).getEvents().size());
    }
    Thread.sleep(IDLE_WINDOW.toMillis());
    double events = 0;
    double actions = 0;
    for (String name : sample) {
      List<HistoryEvent> history = client.fetchHistory("ManagedCluster/" + name).getEvents();
      List<HistoryEvent> added = history.subList(before.get(name), history.size());
      events += added.size();
      actions +=
          added.stream()
              .filter(
                  e ->
                      e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED
                          || e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED
                          || e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
                          || e.getEventType()
                              == EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES
                          || e.getEventType()
                              == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
              .count();
    }
    double perHour = 3600.0 / IDLE_WINDOW.toSeconds() / sample.size();
    // The agent also reads its ManagedCluster (one query) at every renewal.
    double queries = 3600.0 / ManagedCluster.DEFAULT_LEASE_DURATION_SECONDS;
    return Map.of(
        "events", events * perHour, "workflowActions", actions * perHour, "agentQueries", queries);
  }

  private static void write(
      Stats fleetflow, Stats bare, double wallSeconds, Map<String, Double> idle)
      throws IOException {
    String section =
        """
        ## Onboarding: %d clusters join and are auto-approved

        Measured by `./fleetflow bench` (`e2e/src/test/java/io/fleetflow/e2e/bench/OnboardingBenchmark.java`)
        on %s: one dev server, the hub, the gateway and one fleet JVM hosting %d simulated clusters, on
        this machine (2 cores). The baseline is a bare Temporal fan-out on the same server in the same
        run: %d workflows that each run one no-op activity on another task queue.

        | | median | p99 |
        |---|---|---|
        | join to `ManagedClusterConditionAvailable=True` (workflow time) | %.2f s | %.2f s |
        | bare fan-out, start event to completion event (server time) | %.2f s | %.2f s |
        | ratio Fleetflow / bare | %.1f | %.1f |

        All %d clusters were available %.1f s after the fleet JVM was started (JVM start and the
        simulated API servers included).

        Idle cost per cluster per hour, with the default lease of 60 s (measured on 20 clusters over
        %d s, scaled to an hour):

        | what | per idle cluster per hour |
        |---|---|
        | history events | %.0f |
        | workflow actions (signals, timers, activities, upserts, updates) | %.0f |
        | agent queries (one read of its ManagedCluster per renewal) | %.0f |

        The idle cost is the lease: one signal per renewal, and the hub's grace timer. It grows with
        the number of clusters and the lease frequency, not with anything else.
        """
            .formatted(
                CLUSTERS,
                java.time.LocalDate.now(),
                CLUSTERS,
                CLUSTERS,
                fleetflow.median(),
                fleetflow.p99(),
                bare.median(),
                bare.p99(),
                fleetflow.median() / bare.median(),
                fleetflow.p99() / bare.p99(),
                CLUSTERS,
                wallSeconds,
                IDLE_WINDOW.toSeconds(),
                idle.get("events"),
                idle.get("workflowActions"),
                idle.get("agentQueries"));
    Path file = Path.of("../docs/benchmarks.md");
    String existing = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n\n";
    String marker = "## Onboarding:";
    int at = existing.indexOf(marker);
    String kept = at < 0 ? existing : existing.substring(0, at);
    int next = at < 0 ? -1 : existing.indexOf("\n## ", at + marker.length());
    String rest = next < 0 ? "" : existing.substring(next + 1);
    Files.writeString(file, kept + section + (rest.isEmpty() ? "" : "\n" + rest));
    System.out.println(section);
  }

  /** Median and 99th percentile of a sample. */
  record Stats(double median, double p99) {
    static Stats of(List<Double> values) {
      List<Double> sorted = values.stream().sorted().toList();
      return new Stats(
          sorted.get(sorted.size() / 2),
          sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)));
    }
  }
}
