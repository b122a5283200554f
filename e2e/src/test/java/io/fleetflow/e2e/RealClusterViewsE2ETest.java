package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.RealCluster;
import io.fleetflow.e2e.support.RealClusters;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Views and actions on a real kube-apiserver, its controllers and its RBAC, through an agent that
 * runs as it does in a pod of the cluster: a view follows what the real Deployment controller
 * writes, an action's merge patch changes the real object, and an executor ServiceAccount bounds
 * what the hub can see or change to what the cluster's RBAC gives it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ResourceLock(RealClusters.LOCK)
class RealClusterViewsE2ETest {
  private static final String EAST = "east";
  private static final String NS = "views";
  private static final Duration FOLLOWS = Duration.ofSeconds(30);

  private static Fleet fleet;
  private static Kubectl hub;
  private static RealCluster east;

  @BeforeAll
  static void startFleetWithARealAgent() {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl is needed");
    east = RealClusters.named(EAST);
    fleet = Fleet.start("real-views");
    hub = fleet.kubectl();
    fleet.startAgentInCluster(EAST, east);
    hub.acceptWhenJoinedAndAwaitAvailable(EAST);
    Kubectl cluster = east.kubectl();
    cluster.run(null, "create", "namespace", NS);
    cluster.run(null, "create", "serviceaccount", "reader", "-n", NS);
    cluster.run(
        null,
        "create",
        "rolebinding",
        "reader-view",
        "-n",
        NS,
        "--clusterrole=view",
        "--serviceaccount=" + NS + ":reader");
    cluster.run(
        null, "create", "deployment", "web", "-n", NS, "--image=nginx:1.27", "--replicas=1");
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  @Order(1)
  void aViewFollowsWhatTheRealDeploymentControllerWrites() {
    apply(view("web", "apiGroup: apps, kind: Deployment, namespace: " + NS + ", name: web", null));
    await("the view shows the controller's status")
        .atMost(Duration.ofSeconds(90))
        .until(() -> result("web", "{.status.replicas}").equals("1"));

    east.kubectl().ok("scale", "deployment", "web", "-n", NS, "--replicas=3");
    await("the view follows the scale and the controller's answer")
        .atMost(FOLLOWS)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                result("web", "{.spec.replicas}").equals("3")
                    && result("web", "{.status.replicas}").equals("3"));
  }

  @Test
  @Order(2)
  void anActionsMergePatchChangesTheRealObjectAndTheViewSeesIt() {
    apply(
        action(
            "scale-down",
            "Update",
            "namespace: "
                + NS
                + ", template: {apiVersion: apps/v1, kind: Deployment,"
                + " metadata: {name: web}, spec: {replicas: 1}}",
            null));
    await("the action completes")
        .atMost(Duration.ofSeconds(60))
        .until(() -> actionCondition("scale-down", "status").equals("True"));
    assertThat(
            east.kubectl()
                .ok("get", "deployment", "web", "-n", NS, "-o", "jsonpath={.spec.replicas}"))
        .isEqualTo("1");
    await("the view follows")
        .atMost(FOLLOWS)
        .until(() -> result("web", "{.spec.replicas}").equals("1"));
  }

  @Test
  @Order(3)
  void anExecutorSeesOnlyWhatTheClustersRbacLetsItSee() {
    apply(
        view(
            "mine",
            "kind: Deployment, apiGroup: apps, namespace: " + NS + ", name: web",
            "reader"));
    apply(
        view(
            "theirs",
            "kind: ConfigMap, namespace: kube-system, name: extension-apiserver-authentication",
            "reader"));
    await("the executor's views are answered")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                viewCondition("mine", "reason").equals("GetResourceProcessing")
                    && viewCondition("theirs", "reason").equals("GetResourceFailed"));
    assertThat(result("mine", "{.metadata.name}")).isEqualTo("web");
    assertThat(viewCondition("theirs", "message"))
        .contains("forbidden")
        .contains("system:serviceaccount:" + NS + ":reader");
  }

  @Test
  @Order(4)
  void anExecutorMayNotChangeWhatItMayOnlyRead() {
    apply(
        action(
            "as-reader",
            "Create",
            "namespace: "
                + NS
                + ", template: {apiVersion: v1, kind: ConfigMap, metadata: {name: sneaky}}",
            "reader"));
    await("the action completes refused")
        .atMost(Duration.ofSeconds(60))
        .until(() -> actionCondition("as-reader", "reason").equals("CreateResourceFailed"));
    assertThat(actionCondition("as-reader", "message"))
        .contains("forbidden")
        .contains("system:serviceaccount:" + NS + ":reader");
    assertThat(east.kubectl().run(null, "get", "configmap", "sneaky", "-n", NS).output())
        .contains("NotFound");
  }

  private static void apply(String yaml) {
    hub.run(yaml, "apply", "-f", "-").ok();
  }

  private static String view(String name, String scope, String executor) {
    return """
        apiVersion: view.open-cluster-management.io/v1beta1
        kind: ManagedClusterView
        metadata:
          name: %s
          namespace: %s
          annotations: {%s}
        spec:
          scope: {%s}
        """
        .formatted(name, EAST, executorAnnotation(executor), scope);
  }

  private static String action(String name, String type, String kube, String executor) {
    return """
        apiVersion: action.open-cluster-management.io/v1beta1
        kind: ManagedClusterAction
        metadata:
          name: %s
          namespace: %s
          annotations: {%s}
        spec:
          actionType: %s
          kube: {%s}
        """
        .formatted(name, EAST, executorAnnotation(executor), type, kube);
  }

  private static String executorAnnotation(String executor) {
    return executor == null ? "" : "fleetflow.io/executor-service-account: " + NS + "/" + executor;
  }

  private static String result(String view, String path) {
    return hub.field("managedclusterview", view, EAST, "{.status.result" + path.substring(1));
  }

  private static String viewCondition(String view, String field) {
    return hub.condition("managedclusterview", view, EAST, "Processing", field);
  }

  private static String actionCondition(String action, String field) {
    return hub.condition("managedclusteraction", action, EAST, "Completed", field);
  }
}
