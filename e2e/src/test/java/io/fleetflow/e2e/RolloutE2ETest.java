package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.Placements;
import io.temporal.client.WorkflowExecutionMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Staged rollouts on real processes: ManifestWorkReplicaSets written as OCM YAML go through
 * kubectl, are steered with {@code ./fleetflow rollout} (and followed with {@code kubectl fleetflow
 * rollout status --watch}, the CLI as a kubectl plugin), and every result is read back from the
 * simulated clusters' own APIs. The scenarios build on each other, so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolloutE2ETest {
  private static final List<String> CLUSTERS =
      IntStream.rangeClosed(1, 6).mapToObj(i -> "r" + i).toList();
  private static final Duration ROLLOUT = Duration.ofSeconds(120);

  private static Fleet fleet;
  private static Kubectl kubectl;

  @BeforeAll
  static void startFleet() {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl is needed");
    fleet =
        Fleet.start("rollout", Placements.AUTO_APPROVE_SIMULATED, CLUSTERS.toArray(String[]::new));
    kubectl = fleet.kubectl();
    Placements.awaitAvailable(kubectl, CLUSTERS, Duration.ofSeconds(120));
    Placements.placeAll(kubectl, "apps", CLUSTERS.size(), Duration.ofSeconds(60));
    apply(
        """
        apiVersion: cluster.open-cluster-management.io/v1beta1
        kind: Placement
        metadata: {name: picked, namespace: apps}
        spec:
          predicates:
            - requiredClusterSelector:
                labelSelector: {matchLabels: {rollout: "yes"}}
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
  void allReachesEveryClusterWithWorksNamedAndLabelledAsOcmDoes() {
    apply(replicaSet("web", "all", "v1", "{type: All}", ""));

    awaitPhase("web", "Succeeded");

    for (String cluster : CLUSTERS) {
      assertThat(message(cluster, "web")).as(cluster).isEqualTo("v1");
      assertThat(
              kubectl.ok(
                  "get",
                  "manifestwork",
                  "web",
                  "-n",
                  cluster,
                  "-o",
                  "jsonpath={.metadata.generation} {.metadata.labels.work\\.open-cluster-management\\.io/placementname}"))
          .as("one apply of revision 1 on " + cluster)
          .isEqualTo("1 all");
    }
    assertThat(
            kubectl
                .ok(
                    "get",
                    "manifestworks",
                    "-A",
                    "-l",
                    "work.open-cluster-management.io/manifestworkreplicaset=apps.web",
                    "-o",
                    "name")
                .lines())
        .hasSize(6);
    assertThat(kubectl.ok("get", "mwrs", "web", "-n", "apps"))
        .contains("AsExpected")
        .contains("Complete")
        .contains("Succeeded")
        .contains("6/6");
    assertThat(field("web", "{.status.summary.desiredTotal}/{.status.summary.updated}"))
        .isEqualTo("6/6");
  }

  @Test
  @Order(2)
  void badStrategiesAndUnknownPlacementsAreRefusedWithTheField() {
    Kubectl.Result zero =
        kubectl.run(
            replicaSet(
                "bad", "all", "v1", "{type: Progressive, progressive: {maxConcurrency: 0}}", ""),
            "apply",
            "-f",
            "-");
    assertThat(zero.exitCode()).isNotZero();
    assertThat(zero.output()).contains("maxConcurrency").contains("would never start a cluster");

    Kubectl.Result unknown =
        kubectl.run(replicaSet("bad", "nowhere", "v1", "{type: All}", ""), "apply", "-f", "-");
    assertThat(unknown.exitCode()).isNotZero();
    assertThat(unknown.output()).contains("Placement \"nowhere\" does not exist");
  }

  @Test
  @Order(3)
  void gatesWaitForAnApproverAndPauseHoldsApprovedStages() throws Exception {
    apply(
        replicaSet(
            "gated",
            "all",
            "g1",
            "{type: Progressive, progressive: {maxConcurrency: 3}}",
            "approvalGates: {beforeFirstStage: true, betweenStages: true}"));
    awaitPhase("gated", "WaitingForApproval");
    await("the visibility query lists the rollout waiting for approval")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                fleet
                    .temporal()
                    .listExecutions(
                        "FleetflowKind = 'ManifestWorkReplicaSet' AND FleetflowPhase ="
                            + " 'WaitingForApproval'")
                    .map(WorkflowExecutionMetadata::getExecution)
                    .anyMatch(e -> e.getWorkflowId().equals("ManifestWorkReplicaSet/apps/gated")));
    assertThat(CLUSTERS).allSatisfy(c -> assertThat(message(c, "gated")).isEmpty());

    Kubectl.Result viewer = fleet.launcher("viewer", "rollout", "approve", "gated", "-n", "apps");
    assertThat(viewer.exitCode()).isNotZero();
    assertThat(viewer.output()).contains("HTTP 403");
    approve("gated", "canary batch please");
    await("batch-1 applied and the next gate waits")
        .atMost(ROLLOUT)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> field("gated", "{.status.rollout.waitingGate.stageName}").equals("batch-2"));
    assertThat(List.of("r1", "r2", "r3"))
        .allSatisfy(c -> assertThat(message(c, "gated")).isEqualTo("g1"));
    assertThat(message("r4", "gated")).isEmpty();

    fleet.launcher("operator", "rollout", "pause", "gated", "-n", "apps").ok();
    approve("gated", "looks healthy");
    awaitPhase("gated", "Paused");
    assertThat(message("r4", "gated")).as("paused: nothing new starts").isEmpty();

    // kubectl fleetflow rollout status --watch follows the rollout from the pause to its end
    // through the gateway's watch, and ends by itself when the rollout succeeded.
    Path screen = fleet.dir().resolve("rollout-status-watch.out");
    Process watch =
        fleet
            .kubectlPluginProcess("rollout", "status", "gated", "-n", "apps", "--watch")
            .redirectErrorStream(true)
            .redirectOutput(screen.toFile())
            .start();
    await("the watch shows the paused rollout")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .failFast("the watch ended early", () -> !watch.isAlive())
        .until(() -> Files.readString(screen).contains("apps/gated  revision 1  Paused"));
    fleet.launcher("operator", "rollout", "resume", "gated", "-n", "apps").ok();
    awaitPhase("gated", "Succeeded");
    assertThat(watch.waitFor(60, TimeUnit.SECONDS)).as("the watch ends with the rollout").isTrue();
    String frames = Files.readString(screen);
    assertThat(watch.exitValue()).as(frames).isZero();
    assertThat(frames.substring(frames.lastIndexOf("\033[H\033[2J")))
        .as("the last screen")
        .contains("apps/gated  revision 1  Succeeded")
        .contains("[##############################] 6/6 clusters updated (100%)");

    assertThat(CLUSTERS).allSatisfy(c -> assertThat(message(c, "gated")).isEqualTo("g1"));
    Kubectl.Result again = fleet.launcher("approver", "rollout", "approve", "gated", "-n", "apps");
    assertThat(again.exitCode()).isNotZero();
    assertThat(again.output()).contains("HTTP 409").contains("no approval gate is waiting");
    String history = fleet.launcher("viewer", "rollout", "history", "gated", "-n", "apps").ok();
    assertThat(history)
        .contains("approved by approver")
        .contains("\"canary batch please\"")
        .contains("saw: batch-1 3/3 succeeded, 0 failed, 0 timed out")
        .contains("Paused")
        .contains("Resumed");
    assertThat(fleet.launcher("viewer", "rollout", "status", "gated", "-n", "apps").ok())
        .contains("[##############################] 6/6 clusters updated (100%)")
        .contains("batch-2");
  }

  @Test
  @Order(4)
  void abortWithRollbackReturnsTheChangedClustersToThePreviousRevision() {
    apply(
        replicaSet(
            "web",
            "all",
            "v2",
            "{type: Progressive, progressive: {maxConcurrency: 2}}",
            "approvalGates: {betweenStages: true}"));
    await("batch-1 at v2, batch-2 waiting")
        .atMost(ROLLOUT)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> field("web", "{.status.rollout.waitingGate.stageName}").equals("batch-2"));
    assertThat(message("r1", "web")).isEqualTo("v2");
    assertThat(message("r2", "web")).isEqualTo("v2");
    assertThat(message("r3", "web")).isEqualTo("v1");

    fleet.launcher("operator", "rollout", "abort", "web", "-n", "apps", "--rollback").ok();
    awaitPhase("web", "RolledBack");

    await("r1 and r2 back at v1")
        .atMost(Duration.ofSeconds(60))
        .until(() -> message("r1", "web").equals("v1") && message("r2", "web").equals("v1"));
    assertThat(CLUSTERS).allSatisfy(c -> assertThat(message(c, "web")).isEqualTo("v1"));
    assertThat(field("web", "{.status.rollout.clusters[0].state}")).isEqualTo("rolledBack");
  }

  @Test
  @Order(5)
  void aMaxFailuresBreachRollsBackWithoutAPersonAndUndoRestoresARevision() {
    apply(
        replicaSet(
                "web",
                "all",
                "v3",
                "{type: Progressive, progressive: {maxConcurrency: 1}}",
                "autoRollback: true")
            .replace(
                "      - apiVersion: v1\n        kind: ConfigMap",
                "      - apiVersion: example.com/v1\n        kind: Widget\n        metadata: {name: broken, namespace: default}\n      - apiVersion: v1\n        kind: ConfigMap"));
    awaitPhase("web", "RolledBack");
    assertThat(fleet.launcher("viewer", "rollout", "history", "web", "-n", "apps").ok())
        .contains("MaxFailuresBreached")
        .contains("more than maxFailures 0; rolling back")
        .contains("returned to their previous revision, in reverse order: r1");
    assertThat(CLUSTERS).allSatisfy(c -> assertThat(message(c, "web")).isEqualTo("v1"));

    fleet.launcher("operator", "rollout", "undo", "web", "-n", "apps", "--to-revision", "2").ok();
    awaitPhase("web", "Succeeded");
    assertThat(field("web", "{.status.rollout.revision}")).isEqualTo("4");
    assertThat(CLUSTERS).allSatisfy(c -> assertThat(message(c, "web")).isEqualTo("v2"));
  }

  @Test
  @Order(6)
  void clustersLeavingThePlacementLoseTheWorkAndJoiningOnesGetIt() {
    kubectl.ok("label", "managedcluster", "r1", "r2", "rollout=yes");
    apply(replicaSet("picked", "picked", "p1", "{type: All}", ""));
    await("r1 and r2 have it")
        .atMost(ROLLOUT)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> message("r1", "picked").equals("p1") && message("r2", "picked").equals("p1"));

    kubectl.ok("label", "managedcluster", "r3", "rollout=yes");
    kubectl.ok("label", "managedcluster", "r1", "rollout-");

    await("r3 joins, r1 leaves")
        .atMost(ROLLOUT)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> message("r3", "picked").equals("p1") && message("r1", "picked").isEmpty());
    assertThat(message("r4", "picked")).isEmpty();
    assertThat(fleet.launcher("viewer", "rollout", "history", "picked", "-n", "apps").ok())
        .contains("ClusterLeft")
        .contains("ClusterJoined");
  }

  @Test
  @Order(7)
  void theCliWorksAsAKubectlPluginOnTheKubeconfig() {
    awaitPhase("picked", "Succeeded");
    String status = fleet.kubectlPlugin("rollout", "status", "picked", "-n", "apps").ok();
    assertThat(status)
        .as("the same screen as the launcher's")
        .startsWith("apps/picked  revision 1  Succeeded")
        .isEqualTo(fleet.launcher("viewer", "rollout", "status", "picked", "-n", "apps").ok());
    assertThat(fleet.kubectlPlugin("rollout", "history", "picked", "-n", "apps").ok())
        .contains("ClusterLeft")
        .contains("ClusterJoined");

    Kubectl.Result refused = fleet.kubectlPlugin("rollout", "approve", "picked", "-n", "apps");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.output())
        .contains("apps/picked: approve refused: HTTP 409")
        .contains("no approval gate is waiting");
  }

  // ------------------------------------------------------------------------------------------

  /** A replica set with a ConfigMap named after it in namespace default, data.message = value. */
  static String replicaSet(
      String name, String placement, String value, String strategy, String extraSpec) {
    return """
        apiVersion: work.open-cluster-management.io/v1alpha1
        kind: ManifestWorkReplicaSet
        metadata: {name: %s, namespace: apps}
        spec:
          placementRefs:
            - name: %s
              rolloutStrategy: %s
          %s
          manifestWorkTemplate:
            workload:
              manifests:
              - apiVersion: v1
                kind: ConfigMap
                metadata: {name: %s, namespace: default}
                data: {message: %s}
        """
        .formatted(name, placement, strategy, extraSpec, name, value);
  }

  private static void apply(String yaml) {
    kubectl.run(yaml, "apply", "-f", "-").ok();
  }

  private static void approve(String name, String comment) {
    fleet.launcher("approver", "rollout", "approve", name, "-n", "apps", "--comment", comment).ok();
  }

  private static String field(String name, String jsonpath) {
    return kubectl.ok("get", "mwrs", name, "-n", "apps", "-o", "jsonpath=" + jsonpath);
  }

  private static void awaitPhase(String name, String phase) {
    await(name + " " + phase)
        .atMost(ROLLOUT)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> field(name, "{.status.rollout.phase}").equals(phase));
  }

  /** The ConfigMap's message on the simulated cluster's own API; empty when it is not there. */
  static String message(String cluster, String configMap) {
    Kubectl.Result result =
        fleet
            .clusterKubectl(cluster)
            .run(
                null,
                "get",
                "configmap",
                configMap,
                "-n",
                "default",
                "-o",
                "jsonpath={.data.message}");
    return result.exitCode() == 0 ? result.output() : "";
  }
}
