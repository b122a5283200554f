package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.Placements;
import io.fleetflow.e2e.support.VisibilityWaits;
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
 * An add-on on three clusters, as a platform team runs one: the template add-on Fleetflow ships
 * ({@code deploy/addons/cluster-probe.yaml}), installed by a placement, deploys a small agent to
 * every cluster with that cluster's name in it; a change of its AddOnDeploymentConfig rolls out one
 * cluster at a time behind an approval gate; bad input is refused with the field and what to do;
 * and deleting the add-on removes it everywhere.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AddOnE2ETest {
  private static final List<String> CLUSTERS = List.of("a1", "a2", "a3");

  /** The template add-on Fleetflow ships, applied as a user would. */
  private static final java.nio.file.Path SHIPPED =
      Fleet.REPO.resolve("deploy/addons/cluster-probe.yaml");

  private static Fleet fleet;
  private static Kubectl kubectl;

  @BeforeAll
  static void startFleet() {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl is needed");
    fleet =
        Fleet.start("addons", Placements.AUTO_APPROVE_SIMULATED, CLUSTERS.toArray(String[]::new));
    kubectl = fleet.kubectl();
    Placements.awaitAvailable(kubectl, CLUSTERS, Duration.ofSeconds(120));
    Placements.placeAll(kubectl, "fleetflow-addons", CLUSTERS.size(), Duration.ofSeconds(60));
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  @Order(1)
  void aPlacementInstallsTheAddOnOnEveryClusterWithItsOwnName() {
    kubectl.ok("apply", "-f", SHIPPED.toString());

    for (String cluster : CLUSTERS) {
      await("the add-on is available on " + cluster)
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  kubectl
                      .condition(
                          "managedclusteraddon", "cluster-probe", cluster, "Available", "status")
                      .equals("True"));
      assertThat(agentEnv(cluster, "CLUSTER")).isEqualTo(cluster);
      assertThat(agentEnv(cluster, "LEVEL")).isEqualTo("info");
    }
    assertThat(kubectl.ok("get", "managedclusteraddons", "-A"))
        .contains(
            "NAMESPACE", "NAME", "AVAILABLE", "DEGRADED", "PROGRESSING", "a1", "cluster-probe");
    assertThat(
            kubectl.field(
                "managedclusteraddon",
                "cluster-probe",
                "a2",
                "{.status.configReferences[*].resource}"))
        .contains("addontemplates", "addondeploymentconfigs");
    assertThat(kubectl.field("managedclusteraddon", "cluster-probe", "a2", "{.status.namespace}"))
        .isEqualTo("cluster-probe");
    assertThat(
            kubectl.ok(
                "get",
                "manifestworks",
                "-n",
                "a1",
                "-l",
                "open-cluster-management.io/addon-name=cluster-probe"))
        .contains("addon-cluster-probe-deploy-0");
  }

  @Test
  @Order(2)
  void aConfigChangeWaitsForAnApproverAndThenGoesOneClusterAtATime() {
    kubectl.ok(
        "patch",
        "clustermanagementaddon",
        "cluster-probe",
        "--type=json",
        "-p",
        "[{\"op\":\"add\",\"path\":\"/spec/installStrategy/placements/0/approvalGates\","
            + "\"value\":{\"beforeFirstStage\":true}}]");
    kubectl.run(CONFIG.formatted("debug"), "apply", "-f", "-").ok();

    await("the rollout of revision 2 waits at its gate")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> progression("reason").equals("WaitingForApproval"));
    assertThat(CLUSTERS).allSatisfy(c -> assertThat(agentEnv(c, "LEVEL")).isEqualTo("info"));

    Kubectl.Result refused =
        fleet.launcher("operator", "rollout", "approve", "clustermanagementaddon/cluster-probe");
    assertThat(refused.exitCode()).as(refused.output()).isNotZero();
    assertThat(refused.output())
        .contains("cannot create resource \"clustermanagementaddons/approve\"");
    assertThat(progression("reason")).isEqualTo("WaitingForApproval");

    String approved =
        fleet
            .launcher(
                "approver",
                "rollout",
                "approve",
                "clustermanagementaddon/cluster-probe",
                "--comment",
                "canary looks fine")
            .ok();
    assertThat(approved).contains("clustermanagementaddon/cluster-probe: approve done");

    await("every cluster runs v2")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> CLUSTERS.stream().allMatch(c -> agentEnv(c, "LEVEL").equals("debug")));
    await("the rollout completes")
        .atMost(Duration.ofSeconds(60))
        .until(() -> progression("reason").equals("Completed"));
    assertThat(
            kubectl.field(
                "clustermanagementaddon",
                "cluster-probe",
                null,
                "{.status.installProgressions[0].configReferences[?(@.resource==\"addondeploymentconfigs\")].lastKnownGoodConfig.specHash}"))
        .isNotEmpty();
  }

  @Test
  @Order(3)
  void badInputIsRefusedWithTheFieldAndWhatToDo() {
    Kubectl.Result unknownKind =
        kubectl.run(
            """
            apiVersion: addon.open-cluster-management.io/v1alpha1
            kind: ClusterManagementAddOn
            metadata: {name: odd}
            spec:
              supportedConfigs:
              - {group: apps, resource: deployments}
            """,
            "apply",
            "-f",
            "-");
    assertThat(unknownKind.exitCode()).isNotZero();
    assertThat(unknownKind.output())
        .contains(
            "spec.supportedConfigs[0]",
            "apps/deployments",
            "addon.open-cluster-management.io/addontemplates");

    Kubectl.Result badVariable =
        kubectl.run(
            """
            apiVersion: addon.open-cluster-management.io/v1alpha1
            kind: AddOnDeploymentConfig
            metadata: {name: bad, namespace: fleetflow-addons}
            spec:
              customizedVariables:
              - {name: "not-a-name", value: x}
            """,
            "apply",
            "-f",
            "-");
    assertThat(badVariable.exitCode()).isNotZero();
    assertThat(badVariable.output())
        .contains("spec.customizedVariables[0].name", "not a variable name");

    kubectl
        .run(
            """
            apiVersion: addon.open-cluster-management.io/v1alpha1
            kind: ClusterManagementAddOn
            metadata: {name: orphan}
            spec:
              supportedConfigs:
              - group: addon.open-cluster-management.io
                resource: addontemplates
                defaultConfig: {name: orphan-missing}
            ---
            apiVersion: addon.open-cluster-management.io/v1alpha1
            kind: ManagedClusterAddOn
            metadata: {name: orphan, namespace: a1}
            spec: {}
            """,
            "apply",
            "-f",
            "-")
        .ok();
    await("the add-on says which template is missing")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                kubectl
                    .condition("managedclusteraddon", "orphan", "a1", "Configured", "reason")
                    .equals("TemplateNotFound"));
    assertThat(kubectl.condition("managedclusteraddon", "orphan", "a1", "Configured", "message"))
        .contains("AddOnTemplate \"orphan-missing\"", "does not exist");
  }

  @Test
  @Order(4)
  void bothAddOnKindsAreServedAtV1beta1AsOcmConvertsThem() throws Exception {
    String cmas = "clustermanagementaddons.v1beta1.addon.open-cluster-management.io";
    String mcas = "managedclusteraddons.v1beta1.addon.open-cluster-management.io";
    assertThat(
            kubectl.ok(
                "get",
                cmas,
                "cluster-probe",
                "-o",
                "jsonpath={.apiVersion} {.spec.defaultConfigs[*].name} {.spec.supportedConfigs}"))
        .isEqualTo("addon.open-cluster-management.io/v1beta1 cluster-probe-1.0.0 cluster-probe");
    assertThat(
            kubectl.ok(
                "get",
                mcas,
                "cluster-probe",
                "-n",
                "a1",
                "-o",
                "jsonpath={.status.configReferences[*].desiredConfig.name}|"
                    + "{.status.configReferences[*].name}"))
        .startsWith("cluster-probe")
        .endsWith("|");

    kubectl.run(V1BETA1_ADDON, "apply", "-f", "-").ok();
    assertThat(
            kubectl.field(
                "clustermanagementaddon",
                "beta-probe",
                null,
                "{.spec.supportedConfigs[0].defaultConfig.name}"))
        .isEqualTo("cluster-probe-1.0.0");
    assertThat(kubectl.field("managedclusteraddon", "beta-probe", "a1", "{.spec.installNamespace}"))
        .isEqualTo("beta-probe");
    kubectl.ok(
        "patch",
        mcas,
        "beta-probe",
        "-n",
        "a1",
        "--type=merge",
        "-p",
        "{\"metadata\":{\"annotations\":{\"addon.open-cluster-management.io/"
            + "v1alpha1-install-namespace\":\"beta-probe-2\"}}}");
    assertThat(kubectl.field("managedclusteraddon", "beta-probe", "a1", "{.spec.installNamespace}"))
        .isEqualTo("beta-probe-2");

    java.nio.file.Path alpha = fleet.dir().resolve("v1alpha1-addon.yaml");
    java.nio.file.Files.writeString(
        alpha,
        "{\"apiVersion\": \"addon.open-cluster-management.io/v1alpha1\","
            + " \"kind\": \"ClusterManagementAddOn\", \"metadata\": {\"name\": \"mixed\"}}");
    Kubectl.Result mixed =
        kubectl.run(
            null,
            "create",
            "--raw",
            "/apis/addon.open-cluster-management.io/v1beta1/clustermanagementaddons",
            "-f",
            alpha.toString());
    assertThat(mixed.exitCode()).isNotZero();
    assertThat(mixed.output())
        .contains(
            "the object is apiVersion addon.open-cluster-management.io/v1alpha1, but this endpoint"
                + " serves apiVersion addon.open-cluster-management.io/v1beta1");

    kubectl.ok("delete", mcas, "beta-probe", "-n", "a1", "--wait=false");
    kubectl.ok("delete", cmas, "beta-probe", "--wait=false");
  }

  @Test
  @Order(5)
  void deletingTheAddOnRemovesItFromEveryCluster() {
    kubectl.ok("delete", "clustermanagementaddon", "cluster-probe", "--wait=false");

    await("the add-on is gone from every cluster")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                kubectl
                    .ok("get", "managedclusteraddons", "-A", "-o", "name")
                    .lines()
                    .noneMatch(l -> l.endsWith("/cluster-probe")));
    for (String cluster : CLUSTERS) {
      await("the agent is gone from " + cluster)
          .atMost(Duration.ofSeconds(60))
          .until(() -> agentEnv(cluster, "CLUSTER").isEmpty());
    }
  }

  @Test
  @Order(6)
  void aReleasedClusterRunsTheAddOnsPreDeleteHookBeforeItsWorksGo() throws Exception {
    kubectl.run(CLEANER, "apply", "-f", "-").ok();
    await("the cleaner add-on is available on a3")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                kubectl
                    .condition("managedclusteraddon", "cleaner", "a3", "Available", "status")
                    .equals("True"));
    ProcessBuilder watchCommand =
        new ProcessBuilder(
                "kubectl",
                "get",
                "manifestworks",
                "-n",
                "a3",
                "--watch",
                "--output-watch-events",
                "-o",
                "custom-columns=EVENT:.type,NAME:.object.metadata.name",
                "--no-headers")
            .redirectErrorStream(true)
            .redirectOutput(fleet.dir().resolve("a3-works.watch").toFile());
    watchCommand.environment().put("KUBECONFIG", fleet.dir().resolve("kubeconfig").toString());
    Process watch = watchCommand.start();
    await("the watch sees the add-on's work")
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                java.nio.file.Files.readString(fleet.dir().resolve("a3-works.watch"))
                    .contains("addon-cleaner-deploy-0"));
    try {
      kubectl.ok("delete", "managedcluster", "a3", "--wait=false");
      await("the cluster is released")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> kubectl.run(null, "get", "managedcluster", "a3").exitCode() != 0);
    } finally {
      watch.destroy();
    }
    List<String> events =
        java.nio.file.Files.readAllLines(fleet.dir().resolve("a3-works.watch")).stream()
            .map(l -> l.trim().replaceAll("\\s+", " "))
            .toList();
    int hookAdded = events.indexOf("ADDED addon-cleaner-pre-delete");
    int deployDeleted = events.indexOf("DELETED addon-cleaner-deploy-0");
    assertThat(hookAdded).as(String.join("\n", events)).isNotNegative();
    assertThat(deployDeleted).as(String.join("\n", events)).isGreaterThan(hookAdded);
    assertThat(agentEnv("a3", "CLUSTER")).isEmpty();
    assertThat(
            fleet
                .clusterKubectl("a3")
                .run(null, "get", "deployment", "cleaner", "-n", "cleaner")
                .output())
        .contains("NotFound");
  }

  @Test
  @Order(7)
  void leaseHealthGoesUnknownWhenTheAgentStopsRenewingAndBackWhenItResumes() {
    kubectl.run(BEAT, "apply", "-f", "-").ok();
    await("the add-on waits for its agent's lease")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> beat("reason").equals("ManagedClusterAddOnLeaseNotFound"));
    assertThat(beat("status")).isEqualTo("Unknown");
    assertThat(kubectl.field("managedclusteraddon", "beat", "a1", "{.status.healthCheck.mode}"))
        .isEqualTo("Lease");

    renewLease();
    await("a renewed lease makes the add-on available")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> beat("status").equals("True"));

    // The lease lasts 2 s, so renewals missed for 5 x 2 s count as stopped.
    await("missed renewals make it Unknown")
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> beat("reason").equals("ManagedClusterAddOnLeaseUpdateStopped"));
    assertThat(beat("status")).isEqualTo("Unknown");
    VisibilityWaits.until(
        fleet.temporal(),
        "the operator guide's query finds the unhealthy add-on",
        "FleetflowKind = 'ManagedClusterAddOn' AND FleetflowPhase = 'Unknown'"
            + " AND ExecutionStatus = 'Running'",
        ids -> ids.contains("ManagedClusterAddOn/a1/beat"));

    renewLease();
    await("renewing again makes it available again")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> beat("status").equals("True"));
  }

  @Test
  @Order(8)
  void theScoreAddOnLetsAPlacementPreferTheClusterWithFreeCpu() {
    kubectl.ok(
        "apply", "-f", Fleet.REPO.resolve("deploy/addons/resource-usage-score.yaml").toString());
    kubectl.ok(
        "annotate",
        "--overwrite",
        "clustermanagementaddon",
        "resource-usage-score",
        "fleetflow.io/addon-score-period=2s");
    // Pods on a1 request 3 of its 3.8 allocatable CPUs.
    fleet
        .clusterKubectl("a1")
        .run(
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: busy, namespace: default}
            spec:
              containers:
              - name: busy
                image: busybox
                resources: {requests: {cpu: "3", memory: 1Gi}}
            """,
            "apply",
            "-f",
            "-")
        .ok();

    await("a1 scores its busy CPU")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> score("a1", "cpuAvailable").equals("-58"));
    assertThat(score("a2", "cpuAvailable")).isEqualTo("100");
    assertThat(score("a1", "memAvailable")).isEqualTo("87");

    kubectl
        .run(
            """
            apiVersion: cluster.open-cluster-management.io/v1beta1
            kind: Placement
            metadata: {name: roomiest, namespace: fleetflow-addons}
            spec:
              numberOfClusters: 1
              prioritizerPolicy:
                mode: Exact
                configurations:
                - scoreCoordinate: {type: AddOn, addOn: {resourceName: resource-usage-score, scoreName: cpuAvailable}}
                  weight: 1
            """,
            "apply",
            "-f",
            "-")
        .ok();
    kubectl.awaitOutput(
        "the placement picks the cluster with free CPU",
        Duration.ofSeconds(60),
        "a2",
        "get",
        "placementdecisions",
        "-n",
        "fleetflow-addons",
        "-l",
        "cluster.open-cluster-management.io/placement=roomiest",
        "-o",
        "jsonpath={.items[*].status.decisions[*].clusterName}");
  }

  private static String score(String cluster, String name) {
    return kubectl.field(
        "addonplacementscore",
        "resource-usage-score",
        cluster,
        "{.status.scores[?(@.name==\"" + name + "\")].value}");
  }

  private static String beat(String field) {
    return kubectl.condition("managedclusteraddon", "beat", "a1", "Available", field);
  }

  /** An add-on written at v1beta1, as OCM's newer tools write it. */
  private static final String V1BETA1_ADDON =
      """
      apiVersion: addon.open-cluster-management.io/v1beta1
      kind: ClusterManagementAddOn
      metadata: {name: beta-probe}
      spec:
        addOnMeta: {displayName: Beta probe}
        defaultConfigs:
        - {group: addon.open-cluster-management.io, resource: addontemplates, name: cluster-probe-1.0.0}
        installStrategy: {type: Manual}
      ---
      apiVersion: addon.open-cluster-management.io/v1beta1
      kind: ManagedClusterAddOn
      metadata:
        name: beta-probe
        namespace: a1
        annotations:
          addon.open-cluster-management.io/v1alpha1-install-namespace: beta-probe
      spec: {}
      """;

  private static void renewLease() {
    String now =
        java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(java.time.ZoneOffset.UTC)
            .format(java.time.Instant.now());
    fleet
        .clusterKubectl("a1")
        .run(
            """
            apiVersion: coordination.k8s.io/v1
            kind: Lease
            metadata: {name: beat, namespace: beat}
            spec: {holderIdentity: beat-agent, leaseDurationSeconds: 2, renewTime: "%s"}
            """
                .formatted(now),
            "apply",
            "-f",
            "-")
        .ok();
  }

  private static String progression(String field) {
    return kubectl.field(
        "clustermanagementaddon",
        "cluster-probe",
        null,
        "{.status.installProgressions[0].conditions[?(@.type==\"Progressing\")]." + field + "}");
  }

  private static String agentEnv(String cluster, String name) {
    return fleet
        .clusterKubectl(cluster)
        .run(
            null,
            "get",
            "deployment",
            "cluster-probe",
            "-n",
            "cluster-probe",
            "-o",
            "jsonpath={.spec.template.spec.containers[0].env[?(@.name==\"" + name + "\")].value}")
        .output()
        .replaceAll("(?s).*NotFound.*", "");
  }

  private static final String CLEANER =
      """
      apiVersion: addon.open-cluster-management.io/v1alpha1
      kind: AddOnTemplate
      metadata: {name: cleaner-1}
      spec:
        addonName: cleaner
        agentSpec:
          workload:
            manifests:
            - apiVersion: v1
              kind: Namespace
              metadata: {name: cleaner}
            - apiVersion: apps/v1
              kind: Deployment
              metadata: {name: cleaner, namespace: cleaner}
              spec:
                replicas: 1
                selector: {matchLabels: {app: cleaner}}
                template:
                  metadata: {labels: {app: cleaner}}
                  spec: {containers: [{name: c, image: quay.io/fleetflow/cleaner:1}]}
            - apiVersion: batch/v1
              kind: Job
              metadata:
                name: cleanup
                namespace: cleaner
                annotations: {"addon.open-cluster-management.io/addon-pre-delete": ""}
              spec:
                template:
                  spec:
                    restartPolicy: Never
                    containers: [{name: c, image: quay.io/fleetflow/cleaner:1, args: [cleanup]}]
      ---
      apiVersion: addon.open-cluster-management.io/v1alpha1
      kind: ClusterManagementAddOn
      metadata: {name: cleaner}
      spec:
        supportedConfigs:
        - group: addon.open-cluster-management.io
          resource: addontemplates
          defaultConfig: {name: cleaner-1}
      ---
      apiVersion: addon.open-cluster-management.io/v1alpha1
      kind: ManagedClusterAddOn
      metadata: {name: cleaner, namespace: a3}
      spec: {}
      """;

  private static final String BEAT =
      """
      apiVersion: addon.open-cluster-management.io/v1alpha1
      kind: AddOnTemplate
      metadata: {name: beat-1}
      spec:
        addonName: beat
        agentSpec:
          workload:
            manifests:
            - {apiVersion: v1, kind: Namespace, metadata: {name: "{{INSTALL_NAMESPACE}}"}}
            - {apiVersion: v1, kind: ConfigMap, metadata: {name: beat-settings}, data: {period: 2s}}
      ---
      apiVersion: addon.open-cluster-management.io/v1alpha1
      kind: ClusterManagementAddOn
      metadata:
        name: beat
        annotations: {"fleetflow.io/addon-health-check": Lease}
      spec:
        supportedConfigs:
        - group: addon.open-cluster-management.io
          resource: addontemplates
          defaultConfig: {name: beat-1}
      ---
      apiVersion: addon.open-cluster-management.io/v1alpha1
      kind: ManagedClusterAddOn
      metadata: {name: beat, namespace: a1}
      spec: {installNamespace: beat}
      """;

  private static final String CONFIG =
      """
      apiVersion: addon.open-cluster-management.io/v1alpha1
      kind: AddOnDeploymentConfig
      metadata: {name: cluster-probe, namespace: fleetflow-addons}
      spec:
        agentInstallNamespace: cluster-probe
        customizedVariables:
        - {name: LEVEL, value: "%s"}
      """;
}
