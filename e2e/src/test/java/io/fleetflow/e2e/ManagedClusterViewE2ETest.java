package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.ManagedProcess;
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
 * ManagedClusterViews driven with kubectl against the real processes, the agent reaching the hub
 * through the front door: a view follows a Deployment as it changes on the cluster, a missing
 * object and an unserved kind each give their condition, a restarted agent catches up with what
 * changed while it was away, and bad input is refused before anything is stored.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManagedClusterViewE2ETest {
  private static final String CLUSTER = "view1";
  private static final String STATE = "view1-state";
  private static final Duration FOLLOWS_WITHIN = Duration.ofSeconds(10);

  private static Fleet fleet;
  private static Kubectl kubectl;
  private static KubernetesClient cluster;
  private static Path kubeconfig;
  private static ManagedProcess agent;

  @BeforeAll
  static void startFleetWithAClusterOfItsOwn() {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl drives the hub");
    fleet = Fleet.startSecure("views", List.of());
    kubectl = fleet.kubectl();
    Fleet.HostedCluster hosted = fleet.hostCluster(CLUSTER);
    cluster = hosted.cluster().client();
    kubeconfig = hosted.kubeconfig();
    agent = fleet.startAgentOn(CLUSTER, kubeconfig, STATE);
    kubectl.acceptWhenJoinedAndAwaitAvailable(CLUSTER);
    cluster
        .apps()
        .deployments()
        .inNamespace("default")
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("web")
                .withNamespace("default")
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector()
                .addToMatchLabels("app", "web")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "web")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("web")
                .withImage("nginx:1.27")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  @Order(1)
  void aViewOfADeploymentFollowsItsReplicasAndStatusOnTheCluster() {
    kubectl
        .run(
            view(
                "web",
                "apiGroup: apps, version: v1, kind: Deployment, namespace: default, name: web"),
            "apply",
            "-f",
            "-")
        .ok();
    kubectl.ok(
        "wait",
        "--for=condition=Processing",
        "managedclusterview/web",
        "-n",
        CLUSTER,
        "--timeout=60s");
    assertThat(result("web", "{.spec.replicas}")).isEqualTo("1");
    assertThat(reason("web")).isEqualTo("GetResourceProcessing");

    cluster.apps().deployments().inNamespace("default").withName("web").scale(3);
    await("the view shows 3 replicas")
        .atMost(FOLLOWS_WITHIN)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> result("web", "{.spec.replicas}").equals("3"));

    cluster
        .apps()
        .deployments()
        .inNamespace("default")
        .withName("web")
        .editStatus(
            d -> {
              d.getStatus().setReadyReplicas(2);
              return d;
            });
    await("the view shows the status the cluster reports")
        .atMost(FOLLOWS_WITHIN)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> result("web", "{.status.readyReplicas}").equals("2"));

    String columns = kubectl.ok("get", "managedclusterviews", "-A");
    assertThat(columns)
        .contains("TYPE", "OBJECT", "PROCESSING", "REASON")
        .contains("Deployment.apps", "default/web", "True", "GetResourceProcessing");
  }

  @Test
  @Order(2)
  void aViewOfAMissingObjectSaysSoAndShowsTheObjectOnceItIsCreated() {
    kubectl
        .run(
            view("settings", "kind: ConfigMap, version: v1, namespace: default, name: settings"),
            "apply",
            "-f",
            "-")
        .ok();
    await("the view reports the object missing")
        .atMost(Duration.ofSeconds(60))
        .until(() -> reason("settings").equals("GetResourceFailed"));
    assertThat(condition("settings", "status")).isEqualTo("False");
    assertThat(condition("settings", "message")).contains("not found on cluster " + CLUSTER);

    cluster
        .configMaps()
        .inNamespace("default")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("settings")
                .withNamespace("default")
                .endMetadata()
                .addToData("mode", "fast")
                .build())
        .create();
    await("the view shows the new object")
        .atMost(FOLLOWS_WITHIN)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> result("settings", "{.data.mode}").equals("fast"));
    assertThat(condition("settings", "status")).isEqualTo("True");

    cluster.configMaps().inNamespace("default").withName("settings").delete();
    await("the view reports the object gone and drops it")
        .atMost(FOLLOWS_WITHIN)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> reason("settings").equals("GetResourceFailed"));
    assertThat(result("settings", "{.metadata.name}")).isEmpty();
  }

  @Test
  @Order(3)
  void aKindTheClusterDoesNotServeGivesItsReason() {
    kubectl
        .run(
            view("widget", "apiGroup: example.com, version: v1, kind: Widget, name: w1"),
            "apply",
            "-f",
            "-")
        .ok();
    kubectl
        .run(
            view("odd", "apiGroup: apps, version: v1, kind: Gadget, namespace: default, name: g1"),
            "apply",
            "-f",
            "-")
        .ok();
    await("both views report their type invalid")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                reason("widget").equals("ResourceGVKInvalid")
                    && reason("odd").equals("ResourceTypeInvalid"));
    assertThat(condition("widget", "message")).contains("example.com/v1");
    assertThat(condition("odd", "message")).contains("Gadget");
  }

  @Test
  @Order(4)
  void aRestartedAgentCatchesUpWithChangesMadeWhileItWasAway() {
    agent.kill9();
    cluster.apps().deployments().inNamespace("default").withName("web").scale(5);
    agent = fleet.startAgentOn(CLUSTER, kubeconfig, STATE);
    await("the view shows the change made while no agent watched")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> result("web", "{.spec.replicas}").equals("5"));

    cluster.apps().deployments().inNamespace("default").withName("web").scale(2);
    await("the new agent watches again")
        .atMost(FOLLOWS_WITHIN)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> result("web", "{.spec.replicas}").equals("2"));
  }

  @Test
  @Order(5)
  void badViewsAreRefusedWithTheFieldToFix() {
    Kubectl.Result noScope =
        kubectl.run(
            """
            apiVersion: view.open-cluster-management.io/v1beta1
            kind: ManagedClusterView
            metadata: {name: empty, namespace: %s}
            spec: {}
            """
                .formatted(CLUSTER),
            "apply",
            "-f",
            "-");
    assertThat(noScope.exitCode()).isNotZero();
    assertThat(noScope.output()).contains("spec.scope", "a view needs a scope");

    Kubectl.Result secret =
        kubectl.run(
            view("token", "kind: Secret, version: v1, namespace: default, name: token"),
            "apply",
            "-f",
            "-");
    assertThat(secret.exitCode()).isNotZero();
    assertThat(secret.output()).contains("may not show a Secret");

    Kubectl.Result noName =
        kubectl.run(view("nameless", "kind: ConfigMap, namespace: default"), "apply", "-f", "-");
    assertThat(noName.exitCode()).isNotZero();
    assertThat(noName.output()).contains("spec.scope.name");

    assertThat(kubectl.run(null, "get", "managedclusterview", "empty", "-n", CLUSTER).exitCode())
        .as("nothing of a refused view is stored")
        .isNotZero();
  }

  @Test
  @Order(6)
  void aDeletedViewEnds() {
    kubectl.ok("delete", "managedclusterview", "widget", "-n", CLUSTER, "--timeout=60s");
    assertThat(kubectl.run(null, "get", "managedclusterview", "widget", "-n", CLUSTER).exitCode())
        .isNotZero();
  }

  private static String view(String name, String scope) {
    return """
        apiVersion: view.open-cluster-management.io/v1beta1
        kind: ManagedClusterView
        metadata: {name: %s, namespace: %s}
        spec:
          scope: {%s}
        """
        .formatted(name, CLUSTER, scope);
  }

  private static String result(String view, String path) {
    return kubectl.field(
        "managedclusterview", view, CLUSTER, "{.status.result" + path.substring(1));
  }

  private static String reason(String view) {
    return condition(view, "reason");
  }

  private static String condition(String view, String field) {
    return kubectl.condition("managedclusterview", view, CLUSTER, "Processing", field);
  }
}
