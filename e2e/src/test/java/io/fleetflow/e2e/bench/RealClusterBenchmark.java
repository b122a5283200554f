package io.fleetflow.e2e.bench;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.ManagedProcess;
import io.fleetflow.e2e.support.RealCluster;
import io.fleetflow.e2e.support.RealClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * ManifestWork delivery to a real cluster (kube-apiserver v1.34 from {@code kube-dev/}): the time
 * from creating a work at the gateway to its {@code Applied} condition, for works created one after
 * another, against the same objects applied with {@code kubectl apply --server-side} straight to
 * that cluster in the same run; then the agent's resident memory with many works on the cluster,
 * against OCM's klusterlet (71 to 79 MB, the figure issue 20 gives).
 *
 * <p>{@code -Dfleetflow.bench.realWorks=N} (default 20) sets the timed works, {@code
 * -Dfleetflow.bench.realRssWorks=N} (default 100) the works held for the memory reading.
 */
class RealClusterBenchmark {
  private static final String CLUSTER = "east";
  private static final String NAMESPACE = "bench";
  private static final ResourceDefinitionContext MANIFEST_WORKS =
      new ResourceDefinitionContext.Builder()
          .withGroup("work.open-cluster-management.io")
          .withVersion("v1")
          .withKind("ManifestWork")
          .withPlural("manifestworks")
          .withNamespaced(true)
          .build();

  @Test
  void manifestWorkCreateToAppliedAgainstKubectlServerSideApplyAndAgentMemory() throws Exception {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl is needed");
    int timed = Integer.getInteger("fleetflow.bench.realWorks", 20);
    int held = Math.max(timed, Integer.getInteger("fleetflow.bench.realRssWorks", 100));
    RealCluster cluster = RealClusters.named(CLUSTER);
    cluster
        .admin()
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .createOr(NonDeletingOperation::update);

    try (Fleet fleet = Fleet.start("real-bench")) {
      ManagedProcess agent = fleet.startAgentInCluster(CLUSTER, cluster);
      fleet.kubectl().acceptWhenJoinedAndAwaitAvailable(CLUSTER);
      KubernetesClient gateway = fleet.gatewayClient("admin");

      // One warm-up of each path, so neither pays for its first connection in the sample.
      deliver(gateway, "warm-up");
      kubectlApply(cluster, "direct-warm-up");

      List<Double> fleetflow = new ArrayList<>();
      List<Double> kubectl = new ArrayList<>();
      for (int i = 0; i < timed; i++) {
        fleetflow.add(deliver(gateway, "timed-" + i));
        kubectl.add(kubectlApply(cluster, "direct-" + i));
      }
      for (int i = timed; i < held; i++) {
        create(gateway, "held-" + i);
      }
      for (int i = timed; i < held; i++) {
        awaitApplied(gateway, "held-" + i, Duration.ofMinutes(5));
      }
      // Let the agent's watches and caches settle before reading its memory.
      Thread.sleep(10_000);
      long rssKb = rssKb(agent.pid());

      Stats ff = Stats.of(fleetflow);
      Stats direct = Stats.of(kubectl);
      String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[1];
      BenchmarkReport.write(
          "## Real cluster:",
          """
          ## Real cluster: ManifestWork delivery and agent memory

          %s, kube-apiserver v1.34.4 with etcd 3.4 and kube-controller-manager on this machine
          (`kube-dev/`), the agent in-cluster with `deploy/agent/rbac`, load average (5 min) %s.
          One ConfigMap per work; works created one after another, each timed from its create at
          the gateway to `Applied=True` seen through the gateway. Baseline: the same ConfigMap with
          `kubectl apply --server-side` straight to the cluster, timed to kubectl's exit
          (process start included).

          | path | objects | median (ms) | p99 (ms) |
          |---|---|---|---|
          | Fleetflow ManifestWork, create to Applied | %d | %.0f | %.0f |
          | kubectl apply --server-side straight to the cluster | %d | %.0f | %.0f |

          Ratio of medians (Fleetflow / kubectl): %.1f.

          Agent resident memory with %d works applied and watched: %d MB (OCM's klusterlet: 71 to
          79 MB).
          """
              .formatted(
                  LocalDate.now(),
                  load,
                  timed,
                  ff.median(),
                  ff.p99(),
                  timed,
                  direct.median(),
                  direct.p99(),
                  ff.median() / direct.median(),
                  held,
                  rssKb / 1024));
    }
  }

  /** Creates a work and returns the milliseconds until it reports Applied. */
  private static double deliver(KubernetesClient gateway, String name) {
    long start = System.nanoTime();
    create(gateway, name);
    awaitApplied(gateway, name, Duration.ofMinutes(2));
    return (System.nanoTime() - start) / 1e6;
  }

  private static void create(KubernetesClient gateway, String name) {
    GenericKubernetesResource work = new GenericKubernetesResource();
    work.setApiVersion("work.open-cluster-management.io/v1");
    work.setKind("ManifestWork");
    work.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
    work.getMetadata().setName(name);
    work.getMetadata().setNamespace(CLUSTER);
    work.setAdditionalProperty(
        "spec",
        Map.of(
            "workload",
            Map.of(
                "manifests",
                List.of(
                    Map.of(
                        "apiVersion",
                        "v1",
                        "kind",
                        "ConfigMap",
                        "metadata",
                        Map.of("name", name, "namespace", NAMESPACE),
                        "data",
                        Map.of("value", name))))));
    gateway.genericKubernetesResources(MANIFEST_WORKS).inNamespace(CLUSTER).resource(work).create();
  }

  private static void awaitApplied(KubernetesClient gateway, String name, Duration timeout) {
    await(name + " applied")
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> applied(gateway, name));
  }

  @SuppressWarnings("unchecked")
  private static boolean applied(KubernetesClient gateway, String name) {
    GenericKubernetesResource work =
        gateway
            .genericKubernetesResources(MANIFEST_WORKS)
            .inNamespace(CLUSTER)
            .withName(name)
            .get();
    if (work == null
        || !(work.getAdditionalProperties().get("status") instanceof Map<?, ?> status)) {
      return false;
    }
    Object conditions = ((Map<String, Object>) status).get("conditions");
    if (!(conditions instanceof List<?> list)) {
      return false;
    }
    return list.stream()
        .map(c -> (Map<String, Object>) c)
        .anyMatch(c -> "Applied".equals(c.get("type")) && "True".equals(c.get("status")));
  }

  /** Applies one ConfigMap with kubectl's server-side apply and returns the milliseconds taken. */
  private static double kubectlApply(RealCluster cluster, String name) {
    String yaml =
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: %s, namespace: %s}
        data: {value: %s}
        """
            .formatted(name, NAMESPACE, name);
    long start = System.nanoTime();
    cluster.kubectl().run(yaml, "apply", "--server-side", "-f", "-").ok();
    return (System.nanoTime() - start) / 1e6;
  }

  private static long rssKb(long pid) throws java.io.IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    throw new IllegalStateException("no VmRSS for pid " + pid);
  }
}
