package io.fleetflow.e2e.bench;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.ManagedProcess;
import io.fleetflow.model.view.ManagedClusterView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A benchmark, not a test. How fresh a ManagedClusterView is, the time from a change on the cluster
 * to the change in the view's {@code status.result} as the gateway shows it, against a watch
 * straight on the cluster's API server in the same run and against OCM's polling; then what 1,000
 * idle views cost Temporal and the agent. Run it with {@code ./fleetflow bench}; it writes its
 * section of {@code docs/benchmarks.md}.
 */
class ViewBenchmark {
  private static final String SECTION = "## Views:";
  private static final String CLUSTER = "vb1";
  private static final int SAMPLES = 50;
  private static final int VIEWS = Integer.getInteger("fleetflow.bench.views", 1000);

  /** OCM's default {@code updateIntervalSeconds}: its agent reads every view that often. */
  private static final int OCM_INTERVAL_SECONDS = 30;

  @Test
  void viewFreshnessAndIdleCost() throws Exception {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl drives the hub");
    try (Fleet fleet = Fleet.startSecure("view-bench", List.of())) {
      Fleet.HostedCluster hosted = fleet.hostCluster(CLUSTER);
      KubernetesClient cluster = hosted.cluster().client();
      ManagedProcess agent = fleet.startAgentOn(CLUSTER, hosted.kubeconfig(), "vb1-state");
      Kubectl kubectl = fleet.kubectl();
      kubectl.acceptWhenJoinedAndAwaitAvailable(CLUSTER);
      KubernetesClient gateway = fleet.gatewayClient("admin");

      cluster.configMaps().inNamespace("default").resource(configMap("probe", 0)).create();
      kubectl.run(view("probe", "probe"), "apply", "-f", "-").ok();
      await().atMost(Duration.ofSeconds(60)).until(() -> seen(gateway, "probe") == 0);

      Map<Integer, Long> direct = new ConcurrentHashMap<>();
      List<Double> viaView = new ArrayList<>();
      List<Double> viaWatch = new ArrayList<>();
      try (Watch watch = watchDirectly(cluster, direct)) {
        for (int i = 1; i <= SAMPLES; i++) {
          int n = i;
          long start = System.nanoTime();
          cluster
              .configMaps()
              .inNamespace("default")
              .withName("probe")
              .edit(
                  c -> {
                    c.getData().put("n", Integer.toString(n));
                    return c;
                  });
          await()
              .atMost(Duration.ofSeconds(30))
              .pollInterval(Duration.ofMillis(10))
              .until(() -> seen(gateway, "probe") == n);
          viaView.add((System.nanoTime() - start) / 1e6);
          await().atMost(Duration.ofSeconds(5)).until(() -> direct.containsKey(n));
          viaWatch.add((direct.get(n) - start) / 1e6);
          Thread.sleep(200);
        }
      }
      Stats view = Stats.of(viaView);
      Stats raw = Stats.of(viaWatch);

      ProcessFigures.Figures agentBefore = ProcessFigures.of(agent.pid());
      ProcessFigures.Figures hubBefore = ProcessFigures.of(fleet.hub().pid());
      StringBuilder objects = new StringBuilder();
      StringBuilder views = new StringBuilder();
      for (int i = 0; i < VIEWS; i++) {
        cluster.configMaps().inNamespace("default").resource(configMap("idle-" + i, i)).create();
        views.append(view("idle-" + i, "idle-" + i)).append("---\n");
      }
      long created = System.nanoTime();
      kubectl.run(views.toString(), "apply", "-f", "-").ok();
      await("every idle view shows its object")
          .atMost(Duration.ofMinutes(20))
          .pollInterval(Duration.ofSeconds(5))
          .until(
              () ->
                  gateway
                          .resources(ManagedClusterView.class)
                          .inNamespace(CLUSTER)
                          .list()
                          .getItems()
                          .stream()
                          .filter(v -> v.getStatus() != null && v.getStatus().getResult() != null)
                          .count()
                      >= VIEWS);
      double settleSeconds = (System.nanoTime() - created) / 1e9;
      Thread.sleep(30_000);
      List<String> sample =
          IntStream.range(0, VIEWS)
              .filter(i -> i % (VIEWS / 50) == 0)
              .mapToObj(i -> "ManagedClusterView/" + CLUSTER + "/idle-" + i)
              .toList();
      IdleCost idle = IdleCost.measure(fleet.temporal(), sample, Duration.ofMinutes(2));
      ProcessFigures.Figures agentAfter = ProcessFigures.of(agent.pid());
      ProcessFigures.Figures hubAfter = ProcessFigures.of(fleet.hub().pid());

      String section =
          """
          ## Views: freshness of a ManagedClusterView, and 1,000 idle views

          Measured by `./fleetflow bench` (`e2e/src/test/java/io/fleetflow/e2e/bench/ViewBenchmark.java`)
          on %s, on this machine (2 cores), load average before the run %s. One simulated cluster with
          its own agent process, reaching Temporal through the front door as `./fleetflow up` runs it.

          **Freshness.** %d samples: the test changes a ConfigMap on the cluster (fabric8 edit) and polls
          the view through the gateway every 10 ms until `status.result` shows the change. The
          baseline, in the same run: a fabric8 watch straight on the cluster's API server, timed from
          the same edit. OCM's agent reads every view each `updateIntervalSeconds` (default %d s), so
          its freshness is spread evenly over that interval: median %d s, p99 %.1f s.

          | path | median | p99 |
          |---|---|---|
          | change on the cluster → view's `status.result` at the gateway | %.0f ms | %.0f ms |
          | change on the cluster → a direct watch on the cluster | %.0f ms | %.0f ms |
          | ratio view / direct watch | %.1f | %.1f |
          | OCM polling at its default interval | %,d ms | %,.0f ms |

          The path: the agent's informer for the view's object → `viewChanged` signal (through the
          front door, after a %d ms debounce) → the view's workflow → ChangeFeed → gateway.

          **%,d idle views** (each of its own ConfigMap, all created in one `kubectl apply`; every one
          showed its object after %.0f s). Over two minutes with no change, a sample of 50 of their
          workflows added %.2f history events and %.2f Temporal actions per view per hour: a view
          whose object does not change costs nothing (OCM's agent reads each one %d times an hour).
          What the views cost the processes (RSS, threads), before the views and after:

          | process | RSS before | RSS after | threads before | threads after |
          |---|---|---|---|---|
          | agent | %,d MiB | %,d MiB | %d | %d |
          | hub | %,d MiB | %,d MiB | %d | %d |

          The agent holds one watch per view (an informer on the one object, by name), so its memory
          grows with the number of views (its threads do not: the watches share the client's event loop);
          sharing one watch per type and namespace among views is the next step if fleets hold many views per
          cluster. The hub's threads are the Temporal SDK's workflow cache, one thread per cached workflow up
          to the factory's cache size (600 by default): idle views cost the hub memory and threads while
          they stay cached, not Temporal actions.
          """
              .formatted(
                  java.time.LocalDate.now(),
                  ProcessFigures.loadAverage(),
                  SAMPLES,
                  OCM_INTERVAL_SECONDS,
                  OCM_INTERVAL_SECONDS / 2,
                  OCM_INTERVAL_SECONDS * 0.99,
                  view.median(),
                  view.p99(),
                  raw.median(),
                  raw.p99(),
                  view.median() / raw.median(),
                  view.p99() / raw.p99(),
                  OCM_INTERVAL_SECONDS * 500,
                  OCM_INTERVAL_SECONDS * 990.0,
                  200,
                  VIEWS,
                  settleSeconds,
                  idle.eventsPerHour(),
                  idle.actionsPerHour(),
                  3600 / OCM_INTERVAL_SECONDS,
                  agentBefore.rssKb() / 1024,
                  agentAfter.rssKb() / 1024,
                  agentBefore.threads(),
                  agentAfter.threads(),
                  hubBefore.rssKb() / 1024,
                  hubAfter.rssKb() / 1024,
                  hubBefore.threads(),
                  hubAfter.threads());
      BenchmarkReport.write(SECTION, section);
    }
  }

  private static Watch watchDirectly(KubernetesClient cluster, Map<Integer, Long> seen) {
    return cluster
        .configMaps()
        .inNamespace("default")
        .withName("probe")
        .watch(
            new Watcher<>() {
              @Override
              public void eventReceived(Action action, ConfigMap object) {
                String n = object.getData() == null ? null : object.getData().get("n");
                if (n != null) {
                  seen.putIfAbsent(Integer.parseInt(n), System.nanoTime());
                }
              }

              @Override
              public void onClose(WatcherException cause) {}
            });
  }

  private static int seen(KubernetesClient gateway, String view) {
    ManagedClusterView found =
        gateway.resources(ManagedClusterView.class).inNamespace(CLUSTER).withName(view).get();
    if (found == null || found.getStatus() == null || found.getStatus().getResult() == null) {
      return -1;
    }
    Object data = found.getStatus().getResult().getAdditionalProperties().get("data");
    return data instanceof Map<?, ?> map && map.get("n") != null
        ? Integer.parseInt(map.get("n").toString())
        : -1;
  }

  private static ConfigMap configMap(String name, int n) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .addToData("n", Integer.toString(n))
        .build();
  }

  private static String view(String name, String configMap) {
    return """
        apiVersion: view.open-cluster-management.io/v1beta1
        kind: ManagedClusterView
        metadata: {name: %s, namespace: %s}
        spec:
          scope: {kind: ConfigMap, version: v1, namespace: default, name: %s}
        """
        .formatted(name, CLUSTER, configMap);
  }
}
