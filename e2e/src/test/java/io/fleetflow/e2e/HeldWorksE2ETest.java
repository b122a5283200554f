package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.ManagedProcess;
import io.fleetflow.e2e.support.Placements;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Replica sets that hold their works (the hub's default) on real processes, the agents behind the
 * front door: the works reach the clusters with no ManifestWork workflow, kubectl lists them as
 * OCM's generated works and may not change them, a resource deleted on a cluster is restored, a
 * restarted gateway lists them again, a hub killed mid-rollout finishes it, an agent restarted
 * after its cluster lost a resource has it restored, and a cluster that leaves, a cluster released
 * and a deleted replica set take the resources with them. The scenarios build on each other, so
 * they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HeldWorksE2ETest {
  private static final List<String> CLUSTERS = List.of("h1", "h2", "h3");
  private static final Duration ROLLOUT = Duration.ofSeconds(120);

  private static Fleet fleet;
  private static Kubectl kubectl;

  @BeforeAll
  static void startFleet() {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl is needed");
    Assumptions.assumeTrue(Fleet.heldWorks(), "replica sets hold their works (the default)");
    fleet =
        Fleet.startSecure(
            "held-works", Placements.AUTO_APPROVE_SIMULATED, CLUSTERS.toArray(String[]::new));
    kubectl = fleet.kubectl();
    Placements.awaitAvailable(kubectl, CLUSTERS, Duration.ofSeconds(120));
    Placements.placeAll(kubectl, "apps", CLUSTERS.size(), Duration.ofSeconds(60));
    kubectl.ok("label", "managedcluster", "h1", "h2", "h3", "held=yes");
    apply(
        """
        apiVersion: cluster.open-cluster-management.io/v1beta1
        kind: Placement
        metadata: {name: held, namespace: apps}
        spec:
          predicates:
            - requiredClusterSelector:
                labelSelector: {matchLabels: {held: "yes"}}
        """);
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  @Order(1)
  void theWorksReachTheClustersAndKubectlListsThemWithoutAWorkflowEach() {
    apply(RolloutE2ETest.replicaSet("web", "held", "v1", "{type: All}", ""));

    awaitPhase("web", "Succeeded");

    for (String cluster : CLUSTERS) {
      assertThat(message(cluster)).as(cluster).isEqualTo("v1");
    }
    awaitWorks("1 True;1 True;1 True;");
    assertThat(
            fleet
                .temporal()
                .listExecutions("FleetflowKind = 'ManifestWork'")
                .map(e -> e.getExecution().getWorkflowId())
                .toList())
        .as("no workflow per generated work")
        .isEmpty();
  }

  @Test
  @Order(2)
  void aHeldWorkIsChangedOnlyThroughItsReplicaSet() {
    for (String[] write :
        List.of(
            new String[] {"delete", "manifestwork", "web", "-n", "h1"},
            new String[] {"label", "manifestwork", "web", "-n", "h1", "edited=by-hand"})) {
      Kubectl.Result refused = kubectl.run(null, write);
      assertThat(refused.exitCode()).as(String.join(" ", write)).isNotZero();
      assertThat(refused.output())
          .contains("is held by ManifestWorkReplicaSet apps/web")
          .contains("change its manifestWorkTemplate or placements, or delete it");
    }
    assertThat(message("h1")).isEqualTo("v1");
  }

  @Test
  @Order(3)
  void aResourceDeletedOnAClusterIsRestoredByTheReplicaSet() {
    fleet.clusterKubectl("h2").ok("delete", "configmap", "web", "-n", "default");

    await("the agent tells the replica set, which applies h2's work again")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> message("h2").equals("v1"));
    await("kubectl shows the correction on h2's work, as on any ManifestWork")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                kubectl
                    .ok(
                        "get",
                        "manifestwork",
                        "web",
                        "-n",
                        "h2",
                        "-o",
                        "jsonpath={.metadata.annotations.fleetflow\\.io/last-drift-correction}")
                    .contains("ConfigMap default/web Deleted on the cluster; re-applied"));
  }

  @Test
  @Order(4)
  void aRestartedGatewayListsTheHeldWorksAgain() {
    fleet.gateway().kill9();
    long starts = fleet.gateway().linesContaining("Started GatewayApplication");
    fleet.gateway().start();
    await("the gateway started again")
        .atMost(Duration.ofSeconds(90))
        .until(() -> fleet.gateway().linesContaining("Started GatewayApplication") > starts);

    awaitWorks("1 True;1 True;1 True;");
  }

  @Test
  @Order(5)
  void aHubKilledMidRolloutFinishesIt() {
    apply(RolloutE2ETest.replicaSet("web", "held", "v2", "{type: All}", ""));
    fleet.hub().kill9();
    fleet.startHub();

    awaitPhase("web", "Succeeded");
    await("every cluster has v2")
        .atMost(ROLLOUT)
        .until(() -> CLUSTERS.stream().allMatch(c -> message(c).equals("v2")));
    awaitWorks("2 True;2 True;2 True;");
  }

  @Test
  @Order(6)
  void aRestartedAgentAsksTheReplicaSetToRestoreWhatItsClusterLostMeanwhile() {
    // A cluster of the test's own, so its agent can stop while the cluster keeps running.
    Fleet.HostedCluster h4 = fleet.hostCluster("h4");
    ManagedProcess agent = fleet.startAgentOn("h4", h4.kubeconfig(), "h4-agent");
    Placements.awaitAvailable(kubectl, List.of("h4"), ROLLOUT);
    kubectl.ok("label", "managedcluster", "h4", "held=yes");
    await("h4 joins the placement and receives v2")
        .atMost(ROLLOUT)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> hostedMessage(h4).equals("v2"));

    agent.kill9();
    h4.cluster().client().configMaps().inNamespace("default").withName("web").delete();
    agent = fleet.startAgentOn("h4", h4.kubeconfig(), "h4-agent");

    // No one watched the ConfigMap when it went; the new agent remembered whom it applied for.
    await("the restarted agent asks the replica set, which applies h4's work again")
        .atMost(ROLLOUT)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> hostedMessage(h4).equals("v2"));
    assertThat(agent.linesContaining("and 1 holders of works to send them again")).isPositive();

    kubectl.ok("label", "managedcluster", "h4", "held-");
    await("h4 leaves and loses its ConfigMap")
        .atMost(ROLLOUT)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> hostedMessage(h4).isEmpty());
    awaitWorks("2 True;2 True;2 True;");
  }

  @Test
  @Order(7)
  void aClusterThatLeavesThePlacementLosesItsResources() {
    kubectl.ok("label", "managedcluster", "h3", "held-");

    await("h3 loses its ConfigMap")
        .atMost(ROLLOUT)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> message("h3").isEmpty());
    awaitWorks("2 True;2 True;");
  }

  @Test
  @Order(8)
  void aReleasedClusterLosesTheWorkItsReplicaSetHeldBeforeItGoes() {
    kubectl.ok("delete", "managedcluster", "h2", "--wait=false");

    await("the release removes h2's ConfigMap and then the cluster")
        .atMost(ROLLOUT)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                message("h2").isEmpty()
                    && kubectl.run(null, "get", "managedcluster", "h2").exitCode() != 0);
    awaitWorks("2 True;");
  }

  @Test
  @Order(9)
  void aDeletedReplicaSetTakesItsResourcesWithIt() {
    kubectl.ok("delete", "mwrs", "web", "-n", "apps");

    await("h1 loses its ConfigMap")
        .atMost(ROLLOUT)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> message("h1").isEmpty());
    awaitWorks("");
  }

  // ------------------------------------------------------------------------------------------

  private static void apply(String yaml) {
    kubectl.run(yaml, "apply", "-f", "-").ok();
  }

  private static void awaitPhase(String name, String phase) {
    await(name + " " + phase)
        .atMost(ROLLOUT)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                kubectl
                    .ok("get", "mwrs", name, "-n", "apps", "-o", "jsonpath={.status.rollout.phase}")
                    .equals(phase));
  }

  /**
   * Waits until kubectl lists the replica set's works as expected: each work's generation and its
   * Applied condition, in the order of the clusters.
   */
  private static void awaitWorks(String expected) {
    kubectl.awaitOutput(
        "the works of web: " + expected,
        ROLLOUT,
        expected,
        "get",
        "manifestworks",
        "-A",
        "-l",
        "work.open-cluster-management.io/manifestworkreplicaset=apps.web",
        "-o",
        "jsonpath={range .items[*]}{.metadata.generation} {.status.conditions[?(@.type==\"Applied\")].status};{end}");
  }

  private static String hostedMessage(Fleet.HostedCluster cluster) {
    ConfigMap web =
        cluster.cluster().client().configMaps().inNamespace("default").withName("web").get();
    return web == null ? "" : web.getData().get("message");
  }

  private static String message(String cluster) {
    Kubectl.Result result =
        fleet
            .clusterKubectl(cluster)
            .run(
                null, "get", "configmap", "web", "-n", "default", "-o", "jsonpath={.data.message}");
    return result.exitCode() == 0 ? result.output() : "";
  }
}
