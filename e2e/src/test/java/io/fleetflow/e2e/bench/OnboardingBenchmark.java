package io.fleetflow.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetflow.activities.hub.liveness.ClusterLivenessActivities;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.model.cluster.ManagedCluster;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
      Stats bare = BareFanOut.run(fleet.temporal(), CLUSTERS).latency();

      long started = System.nanoTime();
      fleet.startAgentFleet(names, "--claim", "bench.fleetflow.io=yes");
      await("all clusters available")
          .atMost(Duration.ofMinutes(10))
          .pollInterval(Duration.ofSeconds(2))
          .ignoreExceptions()
          .until(() -> available(hub).size() == CLUSTERS);
      double wallSeconds = (System.nanoTime() - started) / 1e9;
      List<Double> joinToAvailable = JoinTimes.joinToAvailable(available(hub));
      Stats fleetflow = Stats.of(joinToAvailable);

      Map<String, Double> idle = idleCost(fleet.temporal(), names.subList(0, 20));

      write(fleetflow, bare, wallSeconds, idle);
      assertThat(joinToAvailable).hasSize(CLUSTERS);
    }
  }

  private static List<ManagedCluster> available(KubernetesClient hub) {
    return JoinTimes.available(hub, name -> name.startsWith("bench"));
  }

  /**
   * Counts what idle clusters add to their histories over a window, and what the liveness sweep
   * that watches all of them adds (shared among them), scaled to an hour.
   */
  private static Map<String, Double> idleCost(WorkflowClient client, List<String> sample)
      throws InterruptedException {
    List<IdleCost> costs =
        IdleCost.measureGroups(
            client,
            List.of(
                sample.stream().map(name -> "ManagedCluster/" + name).toList(),
                List.of(ClusterLivenessActivities.WORKFLOW_ID)),
            IDLE_WINDOW);
    IdleCost cluster = costs.get(0);
    IdleCost sweep = costs.get(1);
    // The agent also reads its standing every lease period: a description of its ManagedCluster's
    // workflow, which the server answers without the hub's worker.
    double queries = 3600.0 / ManagedCluster.DEFAULT_LEASE_DURATION_SECONDS;
    return Map.of(
        "events",
        cluster.eventsPerHour(),
        "workflowActions",
        cluster.actionsPerHour(),
        "sweepEvents",
        sweep.eventsPerHour() / CLUSTERS,
        "sweepActions",
        sweep.actionsPerHour() / CLUSTERS,
        "agentQueries",
        queries);
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
        | history events of the cluster's workflow | %.1f |
        | workflow actions of the cluster's workflow (signals, timers, activities, markers, upserts, updates) | %.1f |
        | the liveness sweep's history events, its share for one of the %d clusters | %.2f |
        | the liveness sweep's workflow actions, its share | %.2f |
        | agent reads of its standing (a workflow description per lease period, answered by the server without the hub's worker; no history) | %.0f |

        At the default lease an idle agent is found alive by its polls of its task queue, which
        the liveness sweep reads every 30 s for all clusters at once; the agent signals only when
        its API server's health changes, and hourly for the clock check (one signal an hour,
        which a window shorter than an hour may miss). Before the sweep, every renewal was a
        signal and a new grace timer: 292 events and 80 actions per idle cluster per hour.
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
                CLUSTERS,
                idle.get("sweepEvents"),
                idle.get("sweepActions"),
                idle.get("agentQueries"));
    BenchmarkReport.write("## Onboarding:", section);
  }
}
