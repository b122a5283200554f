package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fleetflow.agent.work.HolderRegistry;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.Placements;
import io.fleetflow.e2e.support.RealCluster;
import io.fleetflow.e2e.support.RealClusters;
import java.nio.file.Files;
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
 * The agent on real Kubernetes API servers (kube-apiserver v1.34 with etcd and
 * kube-controller-manager, {@code kube-dev/}): it runs as it would in a pod, in-cluster with its
 * own ServiceAccount and exactly the RBAC of {@code deploy/agent/rbac}, so server-side apply, RBAC,
 * impersonation, CRDs, watches and status are the API server's own. The scenarios build on each
 * other (join, takeover, works, a rollout over both clusters, release), so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ResourceLock(RealClusters.LOCK)
class RealClusterE2ETest {
  private static final String EAST = "east";
  private static final String WEST = "west";
  private static final Duration APPLY = Duration.ofSeconds(60);

  private static Fleet fleet;
  private static Kubectl hub;
  private static RealCluster east;
  private static RealCluster west;

  @BeforeAll
  static void startFleetAndRealAgents() {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl is needed");
    east = RealClusters.named(EAST);
    west = RealClusters.named(WEST);
    fleet = Fleet.start("real-clusters");
    hub = fleet.kubectl();
    fleet.startAgentInCluster(EAST, east);
    fleet.startAgentInCluster(WEST, west);
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  @Order(1)
  void agentsInTheirClustersJoinWithTheirOwnServiceAccountAndReportTheRealServersFacts() {
    hub.acceptWhenJoinedAndAwaitAvailable(EAST);
    hub.acceptWhenJoinedAndAwaitAvailable(WEST);

    String kubeSystemUid =
        east.admin().namespaces().withName("kube-system").get().getMetadata().getUid();
    assertThat(clusterField(EAST, "{.status.version.kubernetes}")).isEqualTo("v1.34.4");
    assertThat(clusterField(EAST, "{.status.clusterClaims[?(@.name==\"id.k8s.io\")].value}"))
        .isEqualTo(kubeSystemUid);
    // The agent's identity lives in a Secret of its namespace, as a pod's must.
    assertThat(
            east.admin()
                .secrets()
                .inNamespace("fleetflow-agent")
                .withName("fleetflow-agent-identity")
                .get())
        .isNotNull();
    // The agent is refused what its RBAC does not give it (here, PersistentVolumes, which no
    // rule of deploy/agent/rbac names): the real server's answer.
    Kubectl asAgent = new Kubectl(east.agentCredentials().resolve("kubeconfig"));
    assertThat(asAgent.run(null, "get", "persistentvolumes").output())
        .contains("Forbidden")
        .contains("system:serviceaccount:fleetflow-agent:fleetflow-agent");
  }

  @Test
  @Order(1)
  void theAgentKeepsWhomItAppliedWorksForInAConfigMapNoOtherAccountReads() throws Exception {
    // What a restarted agent pod reads to ask replica sets for their works again, written by
    // server-side apply under exactly the agent's RBAC.
    String holder = "ManifestWorkReplicaSet/default/kept-for-a-restart";
    try (KubernetesClient asAgent =
        new KubernetesClientBuilder()
            .withConfig(
                Config.fromKubeconfig(
                    Files.readString(east.agentCredentials().resolve("kubeconfig"))))
            .build()) {
      HolderRegistry.inConfigMap(asAgent, "fleetflow-agent").add(holder);
      assertThat(HolderRegistry.inConfigMap(asAgent, "fleetflow-agent").holders()).contains(holder);
    }
    // The agent's own Role grants that one ConfigMap, whatever its work role holds; another
    // ServiceAccount of the namespace may not read it.
    assertThat(
            east.kubectl()
                .run(
                    null,
                    "auth",
                    "can-i",
                    "get",
                    "configmap/fleetflow-agent-holders",
                    "-n",
                    "fleetflow-agent",
                    "--as=system:serviceaccount:fleetflow-agent:default")
                .output())
        .startsWith("no");
  }

  @Test
  @Order(2)
  void acceptanceTakesTheClusterOverWithTheDefaultProfile() {
    awaitCluster(EAST, "fleetflow.io/TakenOver", "True", Duration.ofSeconds(180));

    Kubectl cluster = east.kubectl();
    assertThat(cluster.ok("get", "namespace", "open-cluster-management-agent", "-o", "name"))
        .isEqualTo("namespace/open-cluster-management-agent");
    assertThat(
            cluster.ok(
                "get",
                "crd",
                "appliedmanifestworks.work.open-cluster-management.io",
                "-o",
                "jsonpath={.status.conditions[?(@.type==\"Established\")].status}"))
        .isEqualTo("True");
    // A ClusterRole with every verb on everything: the agent could create it only because its
    // work role holds escalate and bind (deploy/agent/rbac/work-role.yaml says why).
    assertThat(cluster.ok("get", "clusterrole", "fleetflow-agent", "-o", "jsonpath={.rules}"))
        .contains("\"*\"");
  }

  @Test
  @Order(3)
  void everyUpdateStrategyMeetsTheRealServerSideApply() {
    Kubectl cluster = east.kubectl();
    applyTo(cluster, "--server-side", "--field-manager=ops", configMap("settings", "color", "red"));
    applyTo(cluster, configMap("seed", "value", "from-the-cluster"));
    applyTo(cluster, configMap("watched", "value", "from-the-cluster"));

    hub.run(strategies(false, 1), "apply", "-f", "-").ok();
    awaitWork(EAST, "strategies", "{.status.conditions[?(@.type==\"Applied\")].status}", "False");
    // The real API server's own conflict message names the manager and the field.
    assertThat(resource(EAST, "strategies", "settings", "Applied", "message"))
        .contains("conflict")
        .contains("ops")
        .contains(".data.color");
    assertThat(onCluster(cluster, "configmap", "settings", "{.data.color}")).isEqualTo("red");
    assertThat(onCluster(cluster, "configmap", "seed", "{.data.value}"))
        .isEqualTo("from-the-cluster");
    assertThat(onCluster(cluster, "configmap", "updated", "{.data.value}")).isEqualTo("v1");
    assertThat(resource(EAST, "strategies", "watched", "Available", "status")).isEqualTo("True");

    hub.run(strategies(true, 2), "apply", "-f", "-").ok();
    awaitWork(EAST, "strategies", "{.status.conditions[?(@.type==\"Applied\")].status}", "True");
    assertThat(onCluster(cluster, "configmap", "settings", "{.data.color}")).isEqualTo("blue");
    assertThat(
            cluster.ok(
                "get",
                "configmap",
                "settings",
                "-n",
                "default",
                "--show-managed-fields",
                "-o",
                "jsonpath={.metadata.managedFields[*].manager}"))
        .contains("work-agent");
    assertThat(onCluster(cluster, "configmap", "seed", "{.data.value}"))
        .isEqualTo("from-the-cluster");
    assertThat(onCluster(cluster, "configmap", "updated", "{.data.value}")).isEqualTo("v2");
    // ReadOnly: read, never written, so the agent's label is not on it.
    assertThat(onCluster(cluster, "configmap", "watched", "{.metadata.labels}")).isEmpty();
  }

  @Test
  @Order(4)
  void aDriftOnTheRealClusterIsCorrectedByWatchAndRecorded() {
    Kubectl cluster = east.kubectl();
    cluster.ok("delete", "configmap", "updated", "-n", "default");
    await("deleted ConfigMap restored")
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> "v2".equals(onClusterOrEmpty(cluster, "configmap", "updated", "{.data.value}")));
    cluster.ok(
        "patch", "configmap", "updated", "-n", "default", "-p", "{\"data\":{\"value\":\"x\"}}");
    await("changed ConfigMap restored")
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> "v2".equals(onCluster(cluster, "configmap", "updated", "{.data.value}")));
    assertThat(
            work(
                EAST, "strategies", "{.metadata.annotations.fleetflow\\.io/last-drift-correction}"))
        .contains("ConfigMap default/updated");
  }

  @Test
  @Order(5)
  void statusFeedbackComesFromTheRealControllers() {
    hub.run(
            """
            apiVersion: work.open-cluster-management.io/v1
            kind: ManifestWork
            metadata: {name: web, namespace: east}
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
              manifestConfigs:
                - resourceIdentifier: {group: apps, resource: deployments, name: web, namespace: default}
                  feedbackRules:
                    - type: JSONPaths
                      jsonPaths:
                        - {name: replicas, path: .status.replicas}
                        - {name: replicaSets, path: .status.observedGeneration}
            """,
            "apply",
            "-f",
            "-")
        .ok();
    awaitWork(EAST, "web", "{.status.conditions[?(@.type==\"Applied\")].status}", "True");
    // kube-controller-manager's Deployment controller writes status.replicas once it created the
    // ReplicaSet and its Pods (which stay Pending: no scheduler, no kubelet). A watch of that
    // status change refreshes the work's feedback.
    await("the Deployment controller's replicas in the feedback")
        .atMost(APPLY)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                resourceFeedback(EAST, "web", "web", "replicas").equals("2")
                    && resourceFeedback(EAST, "web", "web", "replicaSets").equals("1"));
    assertThat(
            east.kubectl().ok("get", "replicasets", "-n", "default", "-l", "app=web", "-o", "name"))
        .startsWith("replicaset.apps/web-");
  }

  @Test
  @Order(6)
  void anExecutorIsRefusedByTheRealRbacUntilItIsBound() {
    Kubectl cluster = east.kubectl();
    cluster.ok("create", "namespace", "team-a");
    cluster.ok("create", "serviceaccount", "deployer", "-n", "team-a");

    hub.run(asDeployer(1), "apply", "-f", "-").ok();
    awaitWork(EAST, "as-deployer", "{.status.conditions[?(@.type==\"Applied\")].status}", "False");
    assertThat(resource(EAST, "as-deployer", "deployed", "Applied", "message"))
        .contains("forbidden")
        .contains("system:serviceaccount:team-a:deployer");
    assertThat(cluster.run(null, "get", "configmap", "deployed", "-n", "team-a").output())
        .contains("NotFound");

    cluster.ok(
        "create",
        "rolebinding",
        "deployer-edit",
        "-n",
        "team-a",
        "--clusterrole=edit",
        "--serviceaccount=team-a:deployer");
    // A failed work is applied again on its next generation, as in OCM after a spec change.
    hub.run(asDeployer(2), "apply", "-f", "-").ok();
    awaitWork(EAST, "as-deployer", "{.status.conditions[?(@.type==\"Applied\")].status}", "True");
    assertThat(onCluster(cluster, "configmap", "deployed", "{.data.count}", "team-a"))
        .isEqualTo("2");
  }

  @Test
  @Order(7)
  void aCrdAndItsCustomObjectsArriveInOneWork() {
    // The agent may write only the kinds its work role aggregates: a cluster grants a new kind
    // with one labelled ClusterRole, as deploy/agent/rbac/work-role.yaml describes.
    applyTo(
        east.kubectl(),
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: fleetflow-agent:work-widgets
          labels: {fleetflow.io/aggregate-to-agent-work: "true"}
        rules:
          - apiGroups: [example.fleetflow.io]
            resources: [widgets]
            verbs: [get, list, watch, create, update, patch, delete]
        """);
    hub.run(
            """
            apiVersion: work.open-cluster-management.io/v1
            kind: ManifestWork
            metadata: {name: widgets, namespace: east}
            spec:
              workload:
                manifests:
                  - apiVersion: example.fleetflow.io/v1
                    kind: Widget
                    metadata: {name: first, namespace: default}
                    spec: {size: 3}
                  - apiVersion: apiextensions.k8s.io/v1
                    kind: CustomResourceDefinition
                    metadata: {name: widgets.example.fleetflow.io}
                    spec:
                      group: example.fleetflow.io
                      scope: Namespaced
                      names: {kind: Widget, plural: widgets, singular: widget}
                      versions:
                        - name: v1
                          served: true
                          storage: true
                          schema:
                            openAPIV3Schema:
                              type: object
                              properties:
                                spec:
                                  type: object
                                  properties:
                                    size: {type: integer}
            """,
            "apply",
            "-f",
            "-")
        .ok();
    awaitWork(EAST, "widgets", "{.status.conditions[?(@.type==\"Applied\")].status}", "True");
    assertThat(onCluster(east.kubectl(), "widgets.example.fleetflow.io", "first", "{.spec.size}"))
        .isEqualTo("3");
  }

  @Test
  @Order(8)
  void ownershipAndDeletionOptionsHoldOnTheRealCluster() {
    Kubectl cluster = east.kubectl();
    hub.run(sharedWork("keeper", "Foreground"), "apply", "-f", "-").ok();
    hub.run(sharedWork("leaver", "Foreground"), "apply", "-f", "-").ok();
    hub.run(sharedWork("orphaner", "Orphan"), "apply", "-f", "-").ok();
    for (String work : new String[] {"keeper", "leaver", "orphaner"}) {
      awaitWork(EAST, work, "{.status.conditions[?(@.type==\"Applied\")].status}", "True");
    }
    assertThat(onCluster(cluster, "configmap", "shared", "{.metadata.annotations}"))
        .contains("keeper")
        .contains("leaver")
        .contains("orphaner");

    // A work that goes only removes its own name while others still own the object.
    hub.ok("delete", "manifestwork", "leaver", "-n", EAST, "--timeout=60s");
    assertThat(onCluster(cluster, "configmap", "shared", "{.metadata.annotations}"))
        .doesNotContain("leaver")
        .contains("keeper");
    // Orphan leaves the object behind without the work's ownership.
    hub.ok("delete", "manifestwork", "orphaner", "-n", EAST, "--timeout=60s");
    hub.ok("delete", "manifestwork", "keeper", "-n", EAST, "--timeout=60s");
    assertThat(onCluster(cluster, "configmap", "only-keeper", "{.metadata.name}", "default", true))
        .isEmpty();
    assertThat(onCluster(cluster, "configmap", "only-orphaner", "{.data.owner}"))
        .isEqualTo("orphaner");
  }

  @Test
  @Order(9)
  void aGatedRolloutReachesBothRealClustersOneStageAtATime() {
    Placements.placeAll(hub, "apps", 2, Duration.ofSeconds(60));
    hub.run(
            """
            apiVersion: work.open-cluster-management.io/v1alpha1
            kind: ManifestWorkReplicaSet
            metadata: {name: greeting, namespace: apps}
            spec:
              placementRefs:
                - name: all
                  rolloutStrategy: {type: Progressive, progressive: {maxConcurrency: 1}}
              approvalGates: {betweenStages: true}
              manifestWorkTemplate:
                workload:
                  manifests:
                  - apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: greeting, namespace: default}
                    data: {message: hello}
            """,
            "apply",
            "-f",
            "-")
        .ok();
    await("first stage done, second waiting for approval")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> !rollout("{.status.rollout.waitingGate.stageName}").isEmpty());
    int landed =
        (greeting(east).equals("hello") ? 1 : 0) + (greeting(west).equals("hello") ? 1 : 0);
    assertThat(landed).as("clusters reached before the approval").isEqualTo(1);

    fleet
        .launcher("approver", "rollout", "approve", "greeting", "-n", "apps", "--comment", "ok")
        .ok();
    await("rollout succeeded")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> rollout("{.status.rollout.phase}").equals("Succeeded"));
    assertThat(greeting(east)).isEqualTo("hello");
    assertThat(greeting(west)).isEqualTo("hello");
  }

  @Test
  @Order(10)
  void deletingAClusterReleasesItsRealClusterAndLeavesTheAgentRunning() {
    hub.ok("delete", "managedcluster", WEST, "--wait=false");
    Kubectl cluster = west.kubectl();
    await("west released")
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                cluster.run(null, "get", "clusterrole", "fleetflow-agent").exitCode() != 0
                    && cluster.run(null, "get", "configmap", "greeting", "-n", "default").exitCode()
                        != 0);
    // kube-controller-manager finishes the namespace's deletion, as in any cluster.
    await("takeover namespace gone")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                cluster.run(null, "get", "namespace", "open-cluster-management-agent").exitCode()
                    != 0);
    // The agent's own namespace is not the takeover's: it survives its cluster's release.
    assertThat(cluster.ok("get", "namespace", "fleetflow-agent", "-o", "name"))
        .isEqualTo("namespace/fleetflow-agent");
  }

  @Test
  @Order(11)
  void aClusterClaimMadeAfterTheJoinReachesTheHub() {
    Kubectl cluster = east.kubectl();
    cluster.ok("apply", "-f", "../deploy/agent/clusterclaim-crd.yaml");
    cluster.ok(
        "wait",
        "--for=condition=Established",
        "crd/clusterclaims.cluster.open-cluster-management.io",
        "--timeout=30s");
    claimRegion(cluster, "eu-central");
    // The agent looks for the ClusterClaim kind once a minute, then watches the claims.
    awaitRegionOnTheHub("eu-central", Duration.ofSeconds(120));

    claimRegion(cluster, "eu-north");
    awaitRegionOnTheHub("eu-north", Duration.ofSeconds(30));
  }

  @Test
  @Order(12)
  void aNodeThatJoinsTheClusterChangesTheAllocatableTheHubSees() {
    Kubectl cluster = east.kubectl();
    // No kubelet here: the node is registered as a kubelet would, its status written apart.
    applyTo(
        cluster,
        """
        apiVersion: v1
        kind: Node
        metadata: {name: east-node-1}
        """);
    cluster.ok(
        "patch",
        "node",
        "east-node-1",
        "--subresource=status",
        "--type=merge",
        "-p",
        "{\"status\":{\"capacity\":{\"cpu\":\"8\",\"memory\":\"32Gi\"},"
            + "\"allocatable\":{\"cpu\":\"7500m\",\"memory\":\"30Gi\"}}}");

    await("the node's allocatable on the hub")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> clusterField(EAST, "{.status.allocatable.cpu}").equals("7500m"));
    assertThat(clusterField(EAST, "{.status.capacity.memory}")).isEqualTo("32Gi");
  }

  private static void claimRegion(Kubectl cluster, String region) {
    applyTo(
        cluster,
        """
        apiVersion: cluster.open-cluster-management.io/v1alpha1
        kind: ClusterClaim
        metadata: {name: region.open-cluster-management.io}
        spec: {value: %s}
        """
            .formatted(region));
  }

  private static void awaitRegionOnTheHub(String region, Duration timeout) {
    await("claim region " + region + " on the hub")
        .atMost(timeout)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                clusterField(
                        EAST,
                        "{.status.clusterClaims[?(@.name==\"region.open-cluster-management.io\")].value}")
                    .equals(region));
  }

  // --- helpers -----------------------------------------------------------------------------

  private static String strategies(boolean force, int generation) {
    return """
        apiVersion: work.open-cluster-management.io/v1
        kind: ManifestWork
        metadata: {name: strategies, namespace: east}
        spec:
          workload:
            manifests:
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
                metadata: {name: updated, namespace: default}
                data: {value: v%2$d}
          manifestConfigs:
            - resourceIdentifier: {resource: configmaps, name: settings, namespace: default}
              updateStrategy:
                type: ServerSideApply
                serverSideApply: {force: %1$s, fieldManager: work-agent}
            - resourceIdentifier: {resource: configmaps, name: seed, namespace: default}
              updateStrategy: {type: CreateOnly}
            - resourceIdentifier: {resource: configmaps, name: watched, namespace: default}
              updateStrategy: {type: ReadOnly}
            - resourceIdentifier: {resource: configmaps, name: updated, namespace: default}
              updateStrategy: {type: Update}
        """
        .formatted(force, generation);
  }

  private static String asDeployer(int count) {
    return """
        apiVersion: work.open-cluster-management.io/v1
        kind: ManifestWork
        metadata: {name: as-deployer, namespace: east}
        spec:
          executor:
            subject:
              type: ServiceAccount
              serviceAccount: {namespace: team-a, name: deployer}
          workload:
            manifests:
              - apiVersion: v1
                kind: ConfigMap
                metadata: {name: deployed, namespace: team-a}
                data: {count: "%d"}
        """
        .formatted(count);
  }

  /**
   * A work that owns the ConfigMap {@code shared} (with two other works) and one ConfigMap of its
   * own, {@code only-<name>}, deleted with the given propagation policy.
   */
  private static String sharedWork(String name, String propagation) {
    return """
        apiVersion: work.open-cluster-management.io/v1
        kind: ManifestWork
        metadata: {name: %1$s, namespace: east}
        spec:
          deleteOption: {propagationPolicy: %2$s}
          workload:
            manifests:
              - apiVersion: v1
                kind: ConfigMap
                metadata: {name: shared, namespace: default}
                data: {shared: "yes"}
              - apiVersion: v1
                kind: ConfigMap
                metadata: {name: only-%1$s, namespace: default}
                data: {owner: %1$s}
        """
        .formatted(name, propagation);
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

  private static void applyTo(Kubectl cluster, String yaml) {
    cluster.run(yaml, "apply", "-f", "-").ok();
  }

  private static void applyTo(Kubectl cluster, String serverSide, String manager, String yaml) {
    cluster.run(yaml, "apply", serverSide, manager, "-f", "-").ok();
  }

  private static String clusterField(String cluster, String jsonPath) {
    return hub.ok("get", "managedcluster", cluster, "-o", "jsonpath=" + jsonPath);
  }

  private static void awaitCluster(String cluster, String type, String status, Duration timeout) {
    await(cluster + " " + type + " " + status)
        .atMost(timeout)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> status.equals(hub.condition("managedcluster", cluster, type, "status")));
  }

  private static String work(String cluster, String name, String jsonPath) {
    return hub.ok("get", "manifestwork", name, "-n", cluster, "-o", "jsonpath=" + jsonPath);
  }

  private static void awaitWork(String cluster, String name, String jsonPath, String expected) {
    await(name + " " + jsonPath + " = " + expected)
        .atMost(APPLY)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> expected.equals(work(cluster, name, jsonPath)));
  }

  /** A field of a condition in the resourceStatus entry of the named manifest. */
  private static String resource(
      String cluster, String work, String manifest, String condition, String field) {
    return work(
        cluster,
        work,
        "{.status.resourceStatus.manifests[?(@.resourceMeta.name==\""
            + manifest
            + "\")].conditions[?(@.type==\""
            + condition
            + "\")]."
            + field
            + "}");
  }

  /** A status feedback value (integer or string) of the named manifest. */
  private static String resourceFeedback(
      String cluster, String work, String manifest, String value) {
    return work(
        cluster,
        work,
        "{.status.resourceStatus.manifests[?(@.resourceMeta.name==\""
            + manifest
            + "\")].statusFeedback.values[?(@.name==\""
            + value
            + "\")].fieldValue['integer','string']}");
  }

  private static String rollout(String jsonPath) {
    return hub.ok("get", "mwrs", "greeting", "-n", "apps", "-o", "jsonpath=" + jsonPath);
  }

  private static String greeting(RealCluster cluster) {
    return onClusterOrEmpty(cluster.kubectl(), "configmap", "greeting", "{.data.message}");
  }

  private static String onCluster(Kubectl cluster, String kind, String name, String jsonPath) {
    return onCluster(cluster, kind, name, jsonPath, "default");
  }

  private static String onCluster(
      Kubectl cluster, String kind, String name, String jsonPath, String namespace) {
    return cluster.ok("get", kind, name, "-n", namespace, "-o", "jsonpath=" + jsonPath);
  }

  /** Like onCluster, but empty when the object does not exist (when {@code missingOk}). */
  private static String onCluster(
      Kubectl cluster,
      String kind,
      String name,
      String jsonPath,
      String namespace,
      boolean missingOk) {
    Kubectl.Result result =
        cluster.run(null, "get", kind, name, "-n", namespace, "-o", "jsonpath=" + jsonPath);
    if (result.exitCode() != 0 && missingOk) {
      return "";
    }
    return result.ok();
  }

  private static String onClusterOrEmpty(
      Kubectl cluster, String kind, String name, String jsonPath) {
    return onCluster(cluster, kind, name, jsonPath, "default", true);
  }
}
