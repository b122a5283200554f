package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.ManagedProcess;
import io.fleetflow.simulator.SimulatedCluster;
import java.nio.file.Path;
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
 * ManagedClusterActions driven with kubectl and the launcher against the real processes: Create,
 * Update and Delete each change the cluster once and record who asked; an action that needs an
 * approver waits, is refused to other roles and runs after an approver's approval; a hub killed
 * with SIGKILL while an action waits for its agent runs it once after the restart; and bad input is
 * refused before anything is stored.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManagedClusterActionE2ETest {
  private static final String CLUSTER = "act1";
  private static final String STATE = "act1-state";
  private static final String CONFIG_MAPS = "/api/v1/namespaces/default/configmaps/";

  /** The operator guide's query: every action that waits for an approver. */
  private static final String WAITING_FOR_APPROVAL =
      "FleetflowKind = 'ManagedClusterAction' AND FleetflowPhase = 'WaitingForApproval'"
          + " AND ExecutionStatus = 'Running'";

  private static Fleet fleet;
  private static Kubectl kubectl;
  private static SimulatedCluster cluster;
  private static Path kubeconfig;
  private static ManagedProcess agent;

  @BeforeAll
  static void startFleetWithAClusterOfItsOwn() {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl drives the hub");
    fleet = Fleet.startSecure("actions", List.of());
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
  void createUpdateAndDeleteEachChangeTheClusterOnceAndRecordWhoAsked() {
    apply(
        kubectl,
        action(
            "make",
            "Create",
            "template: {apiVersion: v1, kind: ConfigMap, metadata: {name: flags}, data: {beta: \"off\"}}"));
    awaitCompleted("make");
    assertThat(condition("make", "Completed", "reason")).isEqualTo("ActionDone");
    assertThat(data("flags")).isEqualTo("off");
    assertThat(field("make", "{.metadata.annotations.fleetflow\\.io/requested-by}"))
        .isEqualTo("admin");
    assertThat(cluster.writes("POST", CONFIG_MAPS + "flags")).isEqualTo(1);

    apply(
        kubectl,
        action(
            "flip",
            "Update",
            "template: {apiVersion: v1, kind: ConfigMap, metadata: {name: flags}, data: {beta: \"on\"}}"));
    awaitCompleted("flip");
    assertThat(data("flags")).isEqualTo("on");

    apply(kubectl, action("drop", "Delete", "resource: configmaps, name: flags"));
    awaitCompleted("drop");
    assertThat(cluster.client().configMaps().inNamespace("default").withName("flags").get())
        .isNull();

    String table = kubectl.ok("get", "managedclusteractions", "-n", CLUSTER);
    assertThat(table).contains("TYPE", "OBJECT", "COMPLETED", "REQUESTED BY", "Delete", "admin");
  }

  @Test
  @Order(2)
  void anActionTheClusterRefusesCompletesFalseWithTheReason() {
    apply(
        kubectl,
        action(
            "ghost",
            "Update",
            "template: {apiVersion: v1, kind: ConfigMap, metadata: {name: ghost}, data: {a: b}}"));
    await("the action completes")
        .atMost(Duration.ofSeconds(60))
        .until(() -> condition("ghost", "Completed", "reason").equals("UpdateResourceFailed"));
    assertThat(condition("ghost", "Completed", "status")).isEqualTo("False");
    assertThat(condition("ghost", "Completed", "message")).contains("ghost does not exist");
  }

  @Test
  @Order(3)
  void anActionThatNeedsAnApproverWaitsAndRunsOnlyAfterAnApproversApproval() {
    apply(
        kubectl,
        action(
                "gated",
                "Create",
                "template: {apiVersion: v1, kind: ConfigMap, metadata: {name: gated}}")
            .replace(
                "metadata: {name: gated, namespace: " + CLUSTER + "}",
                "metadata: {name: gated, namespace: "
                    + CLUSTER
                    + ", annotations: {fleetflow.io/requires-approval: \"true\"}}"));
    await("the action waits for an approver")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                condition("gated", "fleetflow.io/Approved", "reason").equals("WaitingForApproval"));
    assertThat(cluster.client().configMaps().inNamespace("default").withName("gated").get())
        .isNull();
    await("the operator guide's query finds the waiting action")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                fleet
                    .temporal()
                    .listExecutions(WAITING_FOR_APPROVAL)
                    .map(e -> e.getExecution().getWorkflowId())
                    .toList()
                    .contains("ManagedClusterAction/" + CLUSTER + "/gated"));

    Kubectl.Result byOperator =
        fleet.launcher("operator", "action", "approve", "gated", "-n", CLUSTER);
    assertThat(byOperator.exitCode()).isEqualTo(1);
    assertThat(byOperator.output())
        .contains(
            "HTTP 403",
            "cannot create resource \"managedclusteractions/approve\"",
            "fleetflow:approver");
    Kubectl.Result byViewer = fleet.launcher("viewer", "action", "approve", "gated", "-n", CLUSTER);
    assertThat(byViewer.exitCode()).isEqualTo(1);

    Kubectl.Result byApprover =
        fleet.launcher(
            "approver", "action", "approve", "gated", "-n", CLUSTER, "--comment", "change 42");
    assertThat(byApprover.output()).contains("managedclusteraction/gated approved");
    assertThat(byApprover.exitCode()).isZero();
    awaitCompleted("gated");
    assertThat(condition("gated", "fleetflow.io/Approved", "message"))
        .contains("approved by approver", "change 42");
    assertThat(cluster.client().configMaps().inNamespace("default").withName("gated").get())
        .isNotNull();

    Kubectl.Result again = fleet.launcher("approver", "action", "approve", "gated", "-n", CLUSTER);
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.output()).contains("does not wait for an approver");
  }

  @Test
  @Order(4)
  void aViewerMayNotAskForAnAction() {
    Kubectl viewer = new Kubectl(fleet.kubeconfig("viewer"));
    Kubectl.Result refused =
        viewer.run(
            action("sneak", "Delete", "resource: configmaps, name: gated"), "apply", "-f", "-");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.output())
        .contains("Forbidden", "User \"viewer\" cannot create resource \"managedclusteractions\"");
    assertThat(cluster.client().configMaps().inNamespace("default").withName("gated").get())
        .isNotNull();
  }

  @Test
  @Order(5)
  void aHubKilledWhileAnActionWaitsForItsAgentRunsItOnceAfterTheRestart() {
    agent.kill9();
    apply(
        kubectl,
        action(
            "durable",
            "Create",
            "template: {apiVersion: v1, kind: ConfigMap, metadata: {name: durable}}"));
    fleet.hub().kill9();
    agent = fleet.startAgentOn(CLUSTER, kubeconfig, STATE);
    fleet.startHub();
    await("the action completes after both restarts")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> condition("durable", "Completed", "status").equals("True"));
    assertThat(cluster.writes("POST", CONFIG_MAPS + "durable")).as("creations").isEqualTo(1);
    assertThat(cluster.client().configMaps().inNamespace("default").withName("durable").get())
        .isNotNull();
  }

  @Test
  @Order(6)
  void badActionsAreRefusedWithTheFieldToFix() {
    Kubectl.Result unknownType =
        kubectl.run(action("odd", "Restart", "resource: pods, name: p"), "apply", "-f", "-");
    assertThat(unknownType.exitCode()).isNotZero();
    assertThat(unknownType.output())
        .contains("spec.actionType", "Unsupported value: \"Restart\"", "Create, Update, Delete");

    Kubectl.Result otherNamespace =
        kubectl.run(
            action(
                "elsewhere",
                "Create",
                "namespace: default, template: {apiVersion: v1, kind: ConfigMap, metadata: {name: x, namespace: kube-system}}"),
            "apply",
            "-f",
            "-");
    assertThat(otherNamespace.exitCode()).isNotZero();
    assertThat(otherNamespace.output())
        .contains("spec.kube.template.metadata.namespace", "kube-system");

    Kubectl.Result secret =
        kubectl.run(
            action(
                "leak", "Create", "template: {apiVersion: v1, kind: Secret, metadata: {name: s}}"),
            "apply",
            "-f",
            "-");
    assertThat(secret.exitCode()).isNotZero();
    assertThat(secret.output()).contains("may not write a Secret");
  }

  private static String action(String name, String type, String kube) {
    String body = kube.startsWith("namespace") ? kube : "namespace: default, " + kube;
    return """
        apiVersion: action.open-cluster-management.io/v1beta1
        kind: ManagedClusterAction
        metadata: {name: %s, namespace: %s}
        spec:
          actionType: %s
          kube: {%s}
        """
        .formatted(name, CLUSTER, type, body);
  }

  private static void apply(Kubectl as, String yaml) {
    as.run(yaml, "apply", "-f", "-").ok();
  }

  private static void awaitCompleted(String action) {
    await("action " + action + " completes")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> condition(action, "Completed", "status").equals("True"));
  }

  private static String data(String configMap) {
    var found = cluster.client().configMaps().inNamespace("default").withName(configMap).get();
    return found == null ? null : found.getData().get("beta");
  }

  private static String field(String action, String path) {
    return kubectl.field("managedclusteraction", action, CLUSTER, path);
  }

  private static String condition(String action, String type, String field) {
    return kubectl.condition("managedclusteraction", action, CLUSTER, type, field);
  }
}
