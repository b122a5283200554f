package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * OCM's per-resource semantics end to end, with standard OCM YAML through kubectl: update
 * strategies (ServerSideApply with a conflict and then with force, CreateOnly, ReadOnly), status
 * feedback (WellKnownStatus, JSONPaths), condition rules (Complete, CEL) and the derived
 * Progressing and Degraded, and an executor, all read back from the simulated cluster, whose
 * controllers report workload status as a real cluster's do.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManifestWorkSemanticsE2ETest {
  private static final String CLUSTER = "sem1";

  /**
   * A work of a Deployment, a Job and three ConfigMaps with one strategy each. {@code %1$s} is
   * whether server-side apply forces, {@code %2$s} a counter whose change makes a new generation.
   */
  private static final String WORK =
      """
      apiVersion: work.open-cluster-management.io/v1
      kind: ManifestWork
      metadata:
        name: web
        namespace: sem1
      spec:
        workload:
          manifests:
            - apiVersion: apps/v1
              kind: Deployment
              metadata: {name: web, namespace: default}
              spec:
                replicas: 2
                selector: {matchLabels: {app: web}}
                template:
                  metadata: {labels: {app: web}}
                  spec:
                    containers: [{name: web, image: "nginx:1.27"}]
            - apiVersion: batch/v1
              kind: Job
              metadata: {name: migrate, namespace: default}
              spec:
                template:
                  spec:
                    restartPolicy: Never
                    containers: [{name: m, image: busybox}]
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: settings, namespace: default}
              data: {color: blue}
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: seed, namespace: default}
              data: {value: from-the-hub}
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: watched, namespace: default}
              data: {value: from-the-hub}
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: tick, namespace: default}
              data: {count: "%2$s"}
        manifestConfigs:
          - resourceIdentifier: {group: apps, resource: deployments, name: web, namespace: default}
            feedbackRules:
              - type: WellKnownStatus
              - type: JSONPaths
                jsonPaths:
                  - name: isAvailable
                    path: '.status.conditions[?(@.type=="Available")].status'
            conditionRules:
              - type: CEL
                condition: Ready
                celExpressions: ["object.status.readyReplicas == object.spec.replicas"]
                messageExpression: 'result ? "all replicas ready" : "replicas not ready"'
          - resourceIdentifier: {group: batch, resource: jobs, name: migrate, namespace: default}
            conditionRules:
              - {type: WellKnownConditions, condition: Complete}
          - resourceIdentifier: {resource: configmaps, name: settings, namespace: default}
            updateStrategy:
              type: ServerSideApply
              serverSideApply: {force: %1$s, fieldManager: work-agent}
          - resourceIdentifier: {resource: configmaps, name: seed, namespace: default}
            updateStrategy: {type: CreateOnly}
          - resourceIdentifier: {resource: configmaps, name: watched, namespace: default}
            updateStrategy: {type: ReadOnly}
      """;

  private static final String BROKEN =
      """
      apiVersion: work.open-cluster-management.io/v1
      kind: ManifestWork
      metadata:
        name: broken
        namespace: sem1
      spec:
        workload:
          manifests:
            - apiVersion: apps/v1
              kind: Deployment
              metadata: {name: broken, namespace: default}
              spec:
                replicas: 1
                progressDeadlineSeconds: 2
                selector: {matchLabels: {app: broken}}
                template:
                  metadata: {labels: {app: broken}}
                  spec:
                    containers: [{name: c, image: "nginx:broken"}]
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: broken-tick, namespace: default}
              data: {count: "%s"}
      """;

  /** A work applied as a ServiceAccount; {@code %s} is a counter for a new generation. */
  private static final String AS_DEPLOYER =
      """
      apiVersion: work.open-cluster-management.io/v1
      kind: ManifestWork
      metadata:
        name: as-deployer
        namespace: sem1
      spec:
        executor:
          subject:
            type: ServiceAccount
            serviceAccount: {namespace: default, name: deployer}
        workload:
          manifests:
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: deployed, namespace: default}
              data: {count: "%s"}
      """;

  private static Fleet fleet;
  private static Kubectl kubectl;
  private static Kubectl cluster;

  @BeforeAll
  static void startFleetAndAccept() {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl is needed");
    fleet = Fleet.start("semantics", CLUSTER);
    kubectl = fleet.kubectl();
    cluster = fleet.clusterKubectl(CLUSTER);
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
  void aFieldOwnedByAnotherManagerIsAConflictThatNamesItAndOtherStrategiesHoldTheirGround() {
    // Someone on the cluster owns settings.color with server-side apply; seed and watched exist.
    applyOnCluster("--server-side", "--field-manager=ops", configMap("settings", "color", "red"));
    applyOnCluster(configMap("seed", "value", "from-the-cluster"));
    applyOnCluster(configMap("watched", "value", "from-the-cluster"));

    assertThat(kubectl.run(WORK.formatted("false", 1), "apply", "-f", "-").ok())
        .contains("manifestwork.work.open-cluster-management.io/web created");
    awaitWork("web", "{.status.conditions[?(@.type==\"Applied\")].status}", "False");

    assertThat(resource("web", "settings", "{.conditions[?(@.type==\"Applied\")].message}"))
        .contains("conflict with \"ops\": .data.color");
    assertThat(work("web", "{.status.conditions[?(@.type==\"Applied\")].message}"))
        .contains("ConfigMap settings");
    assertThat(onCluster("configmap", "settings", "{.data.color}")).isEqualTo("red");
    assertThat(onCluster("configmap", "seed", "{.data.value}")).isEqualTo("from-the-cluster");
    assertThat(onCluster("configmap", "watched", "{.data.value}")).isEqualTo("from-the-cluster");
    assertThat(resource("web", "watched", "{.conditions[?(@.type==\"Available\")].status}"))
        .isEqualTo("True");
    assertThat(onCluster("deployment", "web", "{.spec.replicas}")).isEqualTo("2");
  }

  @Test
  @Order(2)
  void withForceTheWorkTakesTheFieldAndReportsFeedbackAndConditionsFromTheControllers() {
    // Give the simulated controllers time to roll the Deployment out and finish the Job.
    await("deployment ready on the cluster")
        .atMost(Duration.ofSeconds(30))
        .until(() -> "2".equals(onCluster("deployment", "web", "{.status.availableReplicas}")));
    await("job complete on the cluster")
        .atMost(Duration.ofSeconds(30))
        .until(() -> "1".equals(onCluster("job", "migrate", "{.status.succeeded}")));

    kubectl.run(WORK.formatted("true", 2), "apply", "-f", "-").ok();
    kubectl.ok(
        "wait", "--for=condition=Applied", "manifestwork/web", "-n", CLUSTER, "--timeout=60s");
    awaitWork("web", "{.status.conditions[?(@.type==\"Complete\")].status}", "True");

    assertThat(onCluster("configmap", "settings", "{.data.color}")).isEqualTo("blue");
    assertThat(
            cluster.ok(
                "get",
                "configmap",
                "settings",
                "--show-managed-fields",
                "-o",
                "jsonpath={.metadata.managedFields[*].manager}"))
        .contains("work-agent");
    assertThat(
            resource(
                "web",
                "web",
                "{range .statusFeedback.values[*]}{.name}={.fieldValue.type}:{.fieldValue.integer}{.fieldValue.string} {end}"))
        .contains("ReadyReplicas=Integer:2")
        .contains("Replicas=Integer:2")
        .contains("AvailableReplicas=Integer:2")
        .contains("isAvailable=String:True");
    assertThat(resource("web", "web", "{.conditions[?(@.type==\"Ready\")].message}"))
        .isEqualTo("all replicas ready");
    assertThat(resource("web", "migrate", "{.conditions[?(@.type==\"Complete\")].message}"))
        .isEqualTo("Job is finished");
    assertThat(work("web", "{.status.conditions[?(@.type==\"Ready\")].status}")).isEqualTo("True");
    assertThat(work("web", "{.status.conditions[?(@.type==\"Progressing\")].status}"))
        .isEqualTo("False");
    assertThat(work("web", "{.status.conditions[?(@.type==\"Degraded\")].status}"))
        .isEqualTo("False");
    assertThat(work("web", "{.status.conditions[?(@.type==\"Applied\")].observedGeneration}"))
        .isEqualTo("2");
    assertThat(onCluster("configmap", "seed", "{.data.value}")).isEqualTo("from-the-cluster");
  }

  @Test
  @Order(3)
  void aReadOnlyObjectDeletedOrCreatedOnTheClusterShowsInTheStatusWithinTenSeconds() {
    String available = "{.conditions[?(@.type==\"Available\")].status}";
    cluster.ok("delete", "configmap", "watched", "-n", "default");
    await("ReadOnly object reported gone")
        .atMost(Duration.ofSeconds(10))
        .until(() -> "False".equals(resource("web", "watched", available)));
    assertThat(onCluster("configmap", "seed", "{.data.value}")).isEqualTo("from-the-cluster");

    applyOnCluster(configMap("watched", "value", "back"));
    await("ReadOnly object reported back")
        .atMost(Duration.ofSeconds(10))
        .until(() -> "True".equals(resource("web", "watched", available)));
    // Read, never written: the agent did not put its label or its value on the object.
    assertThat(onCluster("configmap", "watched", "{.data.value}")).isEqualTo("back");
    assertThat(onCluster("configmap", "watched", "{.metadata.labels}")).isEmpty();
  }

  @Test
  @Order(4)
  void aDeploymentThatNeverBecomesReadyDegradesTheWorkOnceItsDeadlinePasses() {
    kubectl.run(BROKEN.formatted(1), "apply", "-f", "-").ok();
    awaitWork("broken", "{.status.conditions[?(@.type==\"Progressing\")].status}", "True");

    await("deadline exceeded on the cluster")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                onCluster(
                        "deployment",
                        "broken",
                        "{.status.conditions[?(@.type==\"Progressing\")].reason}")
                    .equals("ProgressDeadlineExceeded"));
    // A new generation makes the agent read the Deployment again (the Deployment itself is
    // unchanged, so it is not rewritten and keeps its status).
    kubectl.run(BROKEN.formatted(2), "apply", "-f", "-").ok();
    awaitWork("broken", "{.status.conditions[?(@.type==\"Degraded\")].status}", "True");

    assertThat(work("broken", "{.status.conditions[?(@.type==\"Degraded\")].message}"))
        .contains("Deployment broken")
        .contains("has timed out progressing");
    assertThat(work("broken", "{.status.conditions[?(@.type==\"Progressing\")].status}"))
        .isEqualTo("False");
    assertThat(work("broken", "{.status.conditions[?(@.type==\"Applied\")].status}"))
        .isEqualTo("True");
  }

  @Test
  @Order(5)
  void aWorkWhoseExecutorDoesNotExistIsRefusedUntilTheServiceAccountIsCreated() {
    kubectl.run(AS_DEPLOYER.formatted(1), "apply", "-f", "-").ok();
    awaitWork("as-deployer", "{.status.conditions[?(@.type==\"Applied\")].status}", "False");

    assertThat(work("as-deployer", "{.status.conditions[?(@.type==\"Applied\")].message}"))
        .contains("the executor ServiceAccount default/deployer does not exist on the cluster");
    assertThat(cluster.run(null, "get", "configmap", "deployed", "-n", "default").output())
        .contains("NotFound");

    // kubectl create sends the ServiceAccount as protobuf, which the simulator reads.
    cluster.ok("create", "serviceaccount", "deployer", "-n", "default");
    kubectl.run(AS_DEPLOYER.formatted(2), "apply", "-f", "-").ok();
    awaitWork("as-deployer", "{.status.conditions[?(@.type==\"Applied\")].status}", "True");

    assertThat(onCluster("configmap", "deployed", "{.data.count}")).isEqualTo("2");
  }

  private static void applyOnCluster(String yaml) {
    cluster.run(yaml, "apply", "-f", "-").ok();
  }

  private static void applyOnCluster(String serverSide, String manager, String yaml) {
    cluster.run(yaml, "apply", serverSide, manager, "-f", "-").ok();
  }

  private static String configMap(String name, String key, String value) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: %s, namespace: default}
        data: {%s: %s}
        """
        .formatted(name, key, value);
  }

  private static void awaitWork(String name, String jsonPath, String expected) {
    await(name + " " + jsonPath + " = " + expected)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> expected.equals(work(name, jsonPath)));
  }

  private static String work(String name, String jsonPath) {
    return kubectl.ok("get", "manifestwork", name, "-n", CLUSTER, "-o", "jsonpath=" + jsonPath);
  }

  /** A jsonpath into the resourceStatus entry of the named manifest. */
  private static String resource(String work, String manifest, String jsonPath) {
    return work(
        work,
        "{.status.resourceStatus.manifests[?(@.resourceMeta.name==\""
            + manifest
            + "\")]"
            + jsonPath.substring(1));
  }

  private static String onCluster(String kind, String name, String jsonPath) {
    return cluster.ok("get", kind, name, "-n", "default", "-o", "jsonpath=" + jsonPath);
  }
}
