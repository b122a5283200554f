package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.ManagedProcess;
import io.fleetflow.simulator.SimulatedCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A work survives the crash of either side: the agent killed with SIGKILL in the middle of an
 * apply, and the hub killed in the middle of a delete. The cluster lives in the test, outside the
 * killed processes, so it keeps what was written and counts every write: each object is created
 * once and deleted once, and nothing is written twice.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManifestWorkDurabilityE2ETest {
  private static final String CLUSTER = "dur1";
  private static final String STATE = "dur1-state";
  private static final int OBJECTS = 300;

  private static Fleet fleet;
  private static Kubectl kubectl;
  private static SimulatedCluster cluster;
  private static Path kubeconfig;
  private static ManagedProcess agent;

  @BeforeAll
  static void startFleetWithAClusterOfItsOwn() {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl drives the hub");
    fleet = Fleet.start("work-durability");
    kubectl = fleet.kubectl();
    Fleet.HostedCluster hosted = fleet.hostCluster(CLUSTER);
    cluster = hosted.cluster();
    kubeconfig = hosted.kubeconfig();
    agent = fleet.startAgentOn(CLUSTER, kubeconfig, STATE);
    kubectl.acceptWhenJoinedAndAwaitAvailable(CLUSTER);
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  @Order(1)
  void anAgentKilledInTheMiddleOfAnApplyFinishesItAfterRestartWritingEachObjectOnce() {
    kubectl.run(bulkWork(), "apply", "-f", "-").ok();
    await("part of the work on the cluster")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> onCluster() > 0);
    agent.kill9();
    int beforeCrash = onCluster();
    assertThat(beforeCrash).as("objects written when the agent died").isLessThan(OBJECTS);

    agent = fleet.startAgentOn(CLUSTER, kubeconfig, STATE);
    kubectl.ok(
        "wait", "--for=condition=Available", "manifestwork/bulk", "-n", CLUSTER, "--timeout=120s");

    assertThat(onCluster()).isEqualTo(OBJECTS);
    IntStream.range(0, OBJECTS)
        .forEach(
            i -> {
              String path = "/api/v1/namespaces/bulk/configmaps/cm-" + i;
              assertThat(cluster.writes("POST", path)).as("creations of cm-" + i).isEqualTo(1);
              assertThat(cluster.writes("PUT", path) + cluster.writes("PATCH", path))
                  .as("updates of cm-" + i)
                  .isZero();
            });
  }

  @Test
  @Order(2)
  void aHubKilledInTheMiddleOfADeleteFinishesItAfterRestartDeletingEachObjectOnce() {
    kubectl.ok("delete", "manifestwork", "bulk", "-n", CLUSTER, "--wait=false");
    await("the delete under way")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> onCluster() < OBJECTS);
    fleet.hub().kill9();
    fleet.startHub();

    kubectl.ok("wait", "--for=delete", "manifestwork/bulk", "-n", CLUSTER, "--timeout=120s");

    assertThat(onCluster()).isZero();
    IntStream.range(0, OBJECTS)
        .forEach(
            i ->
                assertThat(cluster.writes("DELETE", "/api/v1/namespaces/bulk/configmaps/cm-" + i))
                    .as("deletions of cm-" + i)
                    .isEqualTo(1));
  }

  private static int onCluster() {
    return cluster.client().configMaps().inNamespace("bulk").list().getItems().size();
  }

  private static String bulkWork() {
    StringBuilder yaml =
        new StringBuilder(
            """
            apiVersion: work.open-cluster-management.io/v1
            kind: ManifestWork
            metadata:
              name: bulk
              namespace: %s
            spec:
              workload:
                manifests:
                  - apiVersion: v1
                    kind: Namespace
                    metadata:
                      name: bulk
            """
                .formatted(CLUSTER));
    for (int i = 0; i < OBJECTS; i++) {
      yaml.append("      - apiVersion: v1\n")
          .append("        kind: ConfigMap\n")
          .append("        metadata: {name: cm-" + i + ", namespace: bulk}\n")
          .append("        data: {index: \"" + i + "\"}\n");
    }
    return yaml.toString();
  }
}
