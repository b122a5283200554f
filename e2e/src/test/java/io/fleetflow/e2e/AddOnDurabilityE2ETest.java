package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.Placements;
import io.fleetflow.simulator.SimulatedCluster;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * An add-on's config rollout survives the hub worker being killed with SIGKILL at a random moment
 * after every approval: the add-on is installed by a placement on twelve clusters, its
 * AddOnDeploymentConfig changes, the new revision goes three clusters at a time behind a gate
 * before every stage, and the hub dies after each approval. At the end every cluster runs the new
 * value, its own API counted exactly one creation and one update of the add-on's Deployment, and
 * every add-on's work moved exactly one generation per revision.
 */
@ResourceLock(Fleet.MANY_CLUSTERS)
class AddOnDurabilityE2ETest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CLUSTERS = 12;
  private static final int WINDOW = 3;
  private static final List<String> NAMES =
      IntStream.rangeClosed(1, CLUSTERS).mapToObj(i -> "k%02d".formatted(i)).toList();
  private static final String DEPLOYMENT =
      " /apis/apps/v1/namespaces/steady-agent/deployments/steady-agent";

  private static Fleet fleet;
  private static Kubectl kubectl;

  @BeforeAll
  static void startFleet() {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl is needed");
    fleet =
        Fleet.start("addon-chaos", Placements.AUTO_APPROVE_SIMULATED, NAMES.toArray(String[]::new));
    kubectl = fleet.kubectl();
    Placements.placeAll(kubectl, "steady", CLUSTERS, Duration.ofSeconds(300));
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void aGatedConfigRolloutReachesEveryClusterOnceThroughHubKills() throws Exception {
    long seed = Long.getLong("fleetflow.chaos.seed", System.nanoTime());
    Random random = new Random(seed);
    kubectl.run(ADD_ON + config("one"), "apply", "-f", "-").ok();
    await("revision 1 is installed everywhere")
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> progression().equals("Completed"));

    kubectl.run(config("two"), "apply", "-f", "-").ok();
    int kills = 0;
    for (int stage = 0; stage < CLUSTERS / WINDOW; stage++) {
      await("stage " + stage + " waits for its approval (seed " + seed + ")")
          .atMost(Duration.ofSeconds(180))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> progression().equals("WaitingForApproval"));
      fleet.launcher("approver", "rollout", "approve", "clustermanagementaddon/steady").ok();
      Thread.sleep(random.nextInt(3000));
      fleet.hub().kill9();
      kills++;
      fleet.startHub();
    }
    await("revision 2 completes (seed " + seed + ")")
        .atMost(Duration.ofSeconds(240))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> progression().equals("Completed"));

    for (String cluster : NAMES) {
      Kubectl onCluster = fleet.clusterKubectl(cluster);
      assertThat(
              onCluster.ok(
                  "get",
                  "deployment",
                  "steady-agent",
                  "-n",
                  "steady-agent",
                  "-o",
                  "jsonpath={.spec.template.spec.containers[0].env[0].value}"))
          .as(cluster)
          .isEqualTo("two");
      JsonNode writes = JSON.readTree(onCluster.ok("get", "--raw", SimulatedCluster.writesPath()));
      assertThat(writes.path("POST" + DEPLOYMENT).asInt()).as(cluster + ": creations").isEqualTo(1);
      assertThat(
              writes.path("PUT" + DEPLOYMENT).asInt() + writes.path("PATCH" + DEPLOYMENT).asInt())
          .as(cluster + ": updates")
          .isEqualTo(1);
      assertThat(
              kubectl.field(
                  "manifestwork",
                  "addon-steady-deploy-0",
                  cluster,
                  "{.metadata.generation}/{.metadata.annotations.fleetflow\\.io/rollout-revision}"))
          .as(cluster + ": the add-on's work changed once per revision")
          .isEqualTo("2/2");
    }
    System.out.printf(
        "add-on chaos: %d clusters, %d hub SIGKILLs, seed %d: every check passed%n",
        CLUSTERS, kills, seed);
  }

  private static String progression() {
    return kubectl.field(
        "clustermanagementaddon",
        "steady",
        null,
        "{.status.installProgressions[0].conditions[?(@.type==\"Progressing\")].reason}");
  }

  private static String config(String value) {
    return """
        apiVersion: addon.open-cluster-management.io/v1alpha1
        kind: AddOnDeploymentConfig
        metadata: {name: steady, namespace: steady}
        spec:
          agentInstallNamespace: steady-agent
          customizedVariables: [{name: VALUE, value: "%s"}]
        """
        .formatted(value);
  }

  private static final String ADD_ON =
      """
      apiVersion: addon.open-cluster-management.io/v1alpha1
      kind: AddOnTemplate
      metadata: {name: steady-1}
      spec:
        addonName: steady
        agentSpec:
          workload:
            manifests:
            - {apiVersion: v1, kind: Namespace, metadata: {name: "{{INSTALL_NAMESPACE}}"}}
            - apiVersion: apps/v1
              kind: Deployment
              metadata: {name: steady-agent}
              spec:
                replicas: 1
                selector: {matchLabels: {app: steady}}
                template:
                  metadata: {labels: {app: steady}}
                  spec:
                    containers:
                    - {name: agent, image: quay.io/fleetflow/steady:1, env: [{name: VALUE, value: "{{VALUE}}"}]}
      ---
      apiVersion: addon.open-cluster-management.io/v1alpha1
      kind: ClusterManagementAddOn
      metadata: {name: steady}
      spec:
        supportedConfigs:
        - {group: addon.open-cluster-management.io, resource: addontemplates, defaultConfig: {name: steady-1}}
        - group: addon.open-cluster-management.io
          resource: addondeploymentconfigs
          defaultConfig: {name: steady, namespace: steady}
        installStrategy:
          type: Placements
          placements:
          - namespace: steady
            name: all
            rolloutStrategy: {type: Progressive, progressive: {maxConcurrency: 3}}
            approvalGates: {beforeFirstStage: true, betweenStages: true}
      ---
      """;
}
