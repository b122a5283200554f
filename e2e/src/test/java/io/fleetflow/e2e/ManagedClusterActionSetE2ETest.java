package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.Placements;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One command to a fleet: a ManagedClusterActionSet creates a ConfigMap on every cluster of a
 * five-cluster placement two at a time; on the first cluster the ConfigMap is in the way, the
 * action fails there, and with maxFailures 0 the set stops with the last clusters still waiting.
 */
class ManagedClusterActionSetE2ETest {
  private static final List<String> CLUSTERS =
      IntStream.rangeClosed(1, 5).mapToObj(i -> "f" + i).toList();

  private static Fleet fleet;
  private static Kubectl kubectl;

  @BeforeAll
  static void startFleet() {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl is needed");
    fleet =
        Fleet.start(
            "action-sets", Placements.AUTO_APPROVE_SIMULATED, CLUSTERS.toArray(String[]::new));
    kubectl = fleet.kubectl();
    Placements.awaitAvailable(kubectl, CLUSTERS, Duration.ofSeconds(120));
    Placements.placeAll(kubectl, "ops", CLUSTERS.size(), Duration.ofSeconds(60));
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void aSetRunsTwoClustersAtATimeAndStopsAtTheFirstFailureBeyondMaxFailures() {
    fleet
        .clusterKubectl("f1")
        .ok("create", "configmap", "release", "-n", "default", "--from-literal=owner=someone-else");

    kubectl
        .run(
            """
            apiVersion: fleetflow.io/v1alpha1
            kind: ManagedClusterActionSet
            metadata: {name: release, namespace: ops}
            spec:
              placementRef:
                name: all
                rolloutStrategy:
                  type: Progressive
                  progressive: {maxConcurrency: 2, maxFailures: 0}
              actionTemplate:
                actionType: Create
                kube:
                  namespace: default
                  template: {apiVersion: v1, kind: ConfigMap, metadata: {name: release}, data: {version: "42"}}
            """,
            "apply",
            "-f",
            "-")
        .ok();

    await("the set stops")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                set("{.status.conditions[?(@.type==\"Completed\")].reason}")
                    .equals("MaxFailuresExceeded"));
    await("no action is still running")
        .atMost(Duration.ofSeconds(60))
        .until(() -> set("{.status.summary.running}").equals("0"));

    assertThat(set("{.status.summary.total}")).isEqualTo("5");
    assertThat(set("{.status.summary.failed}")).isEqualTo("1");
    assertThat(set("{.status.clusters[?(@.cluster==\"f1\")].reason}"))
        .isEqualTo("CreateResourceFailed");
    assertThat(set("{.status.clusters[?(@.cluster==\"f1\")].message}")).contains("already exists");
    assertThat(set("{.status.clusters[?(@.cluster==\"f2\")].state}")).isEqualTo("succeeded");
    // f1 and f2 start first; f3 starts only if f2 finished before f1 failed; f4 and f5 never.
    assertThat(set("{.status.clusters[?(@.cluster==\"f4\")].state}")).isEqualTo("waiting");
    assertThat(set("{.status.clusters[?(@.cluster==\"f5\")].state}")).isEqualTo("waiting");
    assertThat(Integer.parseInt(set("{.status.summary.waiting}"))).isBetween(2, 3);
    assertThat(onCluster("f2")).isEqualTo("42");
    assertThat(onCluster("f1")).as("f1's own ConfigMap stays as it was").isEmpty();
    assertThat(onCluster("f5")).isEmpty();
    assertThat(
            kubectl.ok(
                "get",
                "managedclusteraction",
                "release",
                "-n",
                "f2",
                "-o",
                "jsonpath={.metadata.annotations.fleetflow\\.io/action-set}"))
        .isEqualTo("ops/release");
    assertThat(kubectl.ok("get", "managedclusteractionsets", "-n", "ops"))
        .contains("TOTAL", "DONE", "FAILED", "WAITING", "MaxFailuresExceeded");
  }

  private static String set(String path) {
    return kubectl.field("managedclusteractionset", "release", "ops", path);
  }

  private static String onCluster(String cluster) {
    return fleet
        .clusterKubectl(cluster)
        .run(null, "get", "configmap", "release", "-n", "default", "-o", "jsonpath={.data.version}")
        .output()
        .replaceAll(".*NotFound.*", "");
  }
}
