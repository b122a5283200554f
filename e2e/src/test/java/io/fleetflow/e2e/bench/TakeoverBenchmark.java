package io.fleetflow.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.TakeoverProfiles;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.takeover.Takeover;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A benchmark, not a test: 200 simulated clusters (one fleet JVM) that wait for acceptance are
 * accepted together and taken over with the default profile (twelve resources each), against a bare
 * Temporal fan-out on the same server in the same run: 200 workflows that each run twelve no-op
 * activities one after the other on another task queue. Run it with {@code ./fleetflow bench}; it
 * writes a section of {@code docs/benchmarks.md}.
 */
class TakeoverBenchmark {
  private static final int CLUSTERS = Integer.getInteger("fleetflow.bench.clusters", 200);
  private static final int ACCEPTING_THREADS = 16;
  private static final String ACCEPT = "{\"spec\":{\"hubAcceptsClient\":true}}";
  private static final int ACCEPT_ATTEMPTS = 5;

  @Test
  void twoHundredClustersAreTakenOver() throws Exception {
    List<String> names = IntStream.rangeClosed(1, CLUSTERS).mapToObj(i -> "tb" + i).toList();
    String loadBefore = loadAverage();
    try (Fleet fleet = Fleet.start("takeover-bench");
        KubernetesClient hub = fleet.gatewayClient("admin")) {
      Kubectl kubectl = fleet.kubectl();
      List<GenericKubernetesResource> profile = TakeoverProfiles.defaultProfile(kubectl);
      BareFanOut.Result bare = BareFanOut.sequences(fleet.temporal(), CLUSTERS, profile.size());

      fleet.startAgentFleet(names);
      await("all clusters ask to join")
          .atMost(Duration.ofMinutes(10))
          .pollInterval(Duration.ofSeconds(2))
          .ignoreExceptions()
          .until(() -> bench(hub).size() == CLUSTERS);
      acceptAll(hub, names);
      await("all clusters taken over")
          .atMost(Duration.ofMinutes(20))
          .pollInterval(Duration.ofSeconds(2))
          .ignoreExceptions()
          .until(
              () ->
                  bench(hub).stream()
                          .filter(
                              c ->
                                  Conditions.isTrue(
                                      c.getStatus().getConditions(), Takeover.CONDITION_TAKEN_OVER))
                          .count()
                      == CLUSTERS);

      Instant firstAccepted = Instant.MAX;
      Instant lastTakenOver = Instant.MIN;
      List<Double> acceptToTakenOver = new ArrayList<>();
      List<Double> joinedToTakenOver = new ArrayList<>();
      for (ManagedCluster c : bench(hub)) {
        Instant accepted = transition(c, ManagedCluster.CONDITION_HUB_ACCEPTED);
        Instant joined = transition(c, ManagedCluster.CONDITION_JOINED);
        Instant takenOver = transition(c, Takeover.CONDITION_TAKEN_OVER);
        joinedToTakenOver.add(Duration.between(joined, takenOver).toMillis() / 1000.0);
        firstAccepted = accepted.isBefore(firstAccepted) ? accepted : firstAccepted;
        lastTakenOver = takenOver.isAfter(lastTakenOver) ? takenOver : lastTakenOver;
        acceptToTakenOver.add(Duration.between(accepted, takenOver).toMillis() / 1000.0);
      }
      double wall = Duration.between(firstAccepted, lastTakenOver).toMillis() / 1000.0;
      // A sample of the clusters is read back on their own API servers: the figures count only
      // takeovers that really put the profile there.
      for (int i = 0; i < CLUSTERS; i += 20) {
        try (KubernetesClient api = fleet.clusterClient(names.get(i), "fleet-state")) {
          assertThat(TakeoverProfiles.differences(api, profile)).as(names.get(i)).isEmpty();
        }
      }
      write(
          Stats.of(acceptToTakenOver),
          Stats.of(joinedToTakenOver),
          wall,
          bare,
          profile.size(),
          loadBefore,
          loadAverage());
      assertThat(acceptToTakenOver).hasSize(CLUSTERS);
    }
  }

  /**
   * Accepts every cluster through the gateway, as many operators (or a script) at once would. A
   * request that times out on the loaded machine is sent again: accepting is idempotent.
   */
  private static void acceptAll(KubernetesClient hub, List<String> names) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(ACCEPTING_THREADS);
    try {
      for (var f :
          pool.invokeAll(
              names.stream()
                  .map(n -> (java.util.concurrent.Callable<ManagedCluster>) () -> accept(hub, n))
                  .toList())) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private static ManagedCluster accept(KubernetesClient hub, String name) {
    for (int attempt = 1; ; attempt++) {
      try {
        return hub.resources(ManagedCluster.class)
            .withName(name)
            .patch(PatchContext.of(PatchType.JSON_MERGE), ACCEPT);
      } catch (KubernetesClientException e) {
        if (attempt == ACCEPT_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private static List<ManagedCluster> bench(KubernetesClient hub) {
    return hub.resources(ManagedCluster.class).list().getItems().stream()
        .filter(c -> c.getMetadata().getName().startsWith("tb"))
        .toList();
  }

  private static Instant transition(ManagedCluster cluster, String type) {
    Condition condition = Conditions.find(cluster.getStatus().getConditions(), type).orElseThrow();
    return Instant.parse(condition.getLastTransitionTime());
  }

  /** The machine's load average over the last 1, 5 and 15 minutes. */
  private static String loadAverage() throws IOException {
    String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return fields[0] + ", " + fields[1] + ", " + fields[2];
  }

  private static String bar(double seconds) {
    return "#".repeat(Math.max(1, (int) Math.round(seconds / 5)));
  }

  private static void write(
      Stats fleetflow,
      Stats install,
      double wall,
      BareFanOut.Result bare,
      int resources,
      String loadBefore,
      String loadAfter)
      throws IOException {
    String section =
        """
        ## Takeover: %1$d clusters, %2$d resources each

        Measured by `./fleetflow bench` (`e2e/src/test/java/io/fleetflow/e2e/bench/TakeoverBenchmark.java`)
        on %3$s: one dev server, the hub, the gateway and one fleet JVM hosting %1$d simulated clusters
        that had asked to join, on this machine (2 cores; load average %4$s before the run and
        %5$s after it, over 1, 5 and 15 minutes: the machine was shared). The clusters are accepted
        together through the gateway (%6$d client threads); each is then taken over with the default
        `ClusterTakeoverProfile` (%2$d resources, cluster-scoped first, all in one activity on the
        cluster's agent that writes them in order to its simulated API server). Fleetflow's time per cluster
        is from `HubAcceptedManagedCluster` to `fleetflow.io/TakenOver=True` (workflow time); the wall
        time is from the first acceptance to the last takeover. A sample of the clusters (one in
        twenty) is read back on its own API server. The baseline, in the same run on the same
        server, is %1$d bare workflows started at once, each running %2$d no-op activities one
        after the other on another task queue (%7$d activities in all).

        | | median per cluster | p99 per cluster | wall time |
        |---|---|---|---|
        | Fleetflow: accepted to taken over | %8$.1f s | %9$.1f s | %10$.1f s |
        | bare fan-out, %2$d activities per workflow | %11$.2f s | %12$.2f s | %13$.1f s |
        | ratio Fleetflow / bare | %14$.1f | %15$.1f | %16$.1f |
        | of Fleetflow's time: joined (the agent confirmed) to taken over | %19$.1f s | %20$.1f s | |

        Per cluster Fleetflow does more than the baseline's %2$d no-op activities: the join is
        confirmed by the agent (one activity), the profile is read (one hub activity), the install
        runs as a child workflow `ManagedCluster/<name>/takeover` that reports to the cluster's
        workflow when it starts and when it ends (two signals), and each resource is read and then
        created on the cluster. All clusters share one hub worker and one fleet JVM, which polls a
        task queue per cluster; the bare fan-out's activities share one task queue and one worker.

        The wall times are the comparison that holds. The per-cluster times are not alike: the
        bare workflows all start at the same instant and queue behind each other on one worker,
        while the clusters are accepted one request at a time through the gateway, so they start
        spread over the run and each waits less; the spread of the acceptances (the gateway's
        throughput for %1$d merge patches on this machine) is part of Fleetflow's wall time.

        Chart (wall time, seconds, one `#` per 5 s):

        ```
        Fleetflow  %17$s %10$.1f
        bare       %18$s %13$.1f
        ```
        """
            .formatted(
                CLUSTERS,
                resources,
                java.time.LocalDate.now(),
                loadBefore,
                loadAfter,
                ACCEPTING_THREADS,
                CLUSTERS * resources,
                fleetflow.median(),
                fleetflow.p99(),
                wall,
                bare.latency().median(),
                bare.latency().p99(),
                bare.wallSeconds(),
                fleetflow.median() / bare.latency().median(),
                fleetflow.p99() / bare.latency().p99(),
                wall / bare.wallSeconds(),
                bar(wall),
                bar(bare.wallSeconds()),
                install.median(),
                install.p99());
    BenchmarkReport.write("## Takeover:", section);
  }
}
