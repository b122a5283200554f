package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.ManagedProcess;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.meta.Conditions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Placements on real processes, checked with kubectl: a label change moves a decision, a cluster
 * whose agent goes down is evicted unless tolerated, and binding and unbinding a set adds and
 * removes its clusters. Every cluster here is accepted by an auto-approval rule.
 */
class PlacementE2ETest {
  private static final String DECISIONS_OF = "cluster.open-cluster-management.io/placement=";

  private static Fleet fleet;
  private static Kubectl kubectl;
  private static KubernetesClient admin;

  @BeforeAll
  static void startFleet() {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl is needed");
    fleet =
        Fleet.start(
            "placement",
            List.of(
                "--fleetflow.registration.auto-approval[0].name=all",
                "--fleetflow.registration.auto-approval[0].claims.[platform.open-cluster-management.io]=Other"),
            "p1",
            "p2");
    kubectl = fleet.kubectl();
    admin = fleet.gatewayClient("admin");
    awaitAvailable("p1");
    awaitAvailable("p2");
  }

  @AfterAll
  static void stopFleet() {
    if (admin != null) {
      admin.close();
    }
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void labellingAClusterMovesTheDecision() {
    apply(
        """
        apiVersion: cluster.open-cluster-management.io/v1beta2
        kind: ManagedClusterSetBinding
        metadata: {name: global, namespace: web}
        spec: {clusterSet: global}
        ---
        apiVersion: cluster.open-cluster-management.io/v1beta1
        kind: Placement
        metadata: {name: frontend, namespace: web}
        spec:
          predicates:
            - requiredClusterSelector:
                labelSelector: {matchLabels: {tier: frontend}}
        """);
    awaitDecisions("web", "frontend", "");
    assertThat(placementStatus("web", "frontend", "Reason")).isEqualTo("NoManagedClusterMatched");

    kubectl.ok("label", "managedcluster", "p1", "tier=frontend");
    awaitDecisions("web", "frontend", "p1");

    kubectl.ok("label", "managedcluster", "p1", "tier-");
    kubectl.ok("label", "managedcluster", "p2", "tier=frontend");
    awaitDecisions("web", "frontend", "p2");

    String table =
        kubectl.ok("get", "placementdecisions", "-n", "web", "-l", DECISIONS_OF + "frontend");
    assertThat(table).contains("frontend-decision-1");
    assertThat(
            kubectl.ok(
                "get",
                "placementdecision",
                "frontend-decision-1",
                "-n",
                "web",
                "-o",
                "jsonpath={.metadata.labels}"))
        .contains("\"cluster.open-cluster-management.io/decision-group-index\":\"0\"");
    assertThat(kubectl.ok("get", "placement", "frontend", "-n", "web"))
        .contains("AllDecisionsScheduled");
    Kubectl.Result refused =
        kubectl.run(null, "delete", "placementdecision", "frontend-decision-1", "-n", "web");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.output()).contains("change the owner instead");
  }

  @Test
  void aClusterWhoseAgentGoesDownIsEvictedUnlessTolerated() {
    ManagedProcess agent = fleet.startAgent("edge", "edge-state");
    awaitAvailable("edge");
    admin
        .resources(ManagedCluster.class)
        .withName("edge")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"labels\":{\"role\":\"edge\"}},\"spec\":{\"leaseDurationSeconds\":3}}");
    apply(
        """
        apiVersion: cluster.open-cluster-management.io/v1beta2
        kind: ManagedClusterSetBinding
        metadata: {name: global, namespace: edge}
        spec: {clusterSet: global}
        ---
        apiVersion: cluster.open-cluster-management.io/v1beta1
        kind: Placement
        metadata: {name: strict, namespace: edge}
        spec:
          predicates: [{requiredClusterSelector: {labelSelector: {matchLabels: {role: edge}}}}]
        ---
        apiVersion: cluster.open-cluster-management.io/v1beta1
        kind: Placement
        metadata: {name: patient, namespace: edge}
        spec:
          predicates: [{requiredClusterSelector: {labelSelector: {matchLabels: {role: edge}}}}]
          tolerations:
            - {key: cluster.open-cluster-management.io/unreachable, operator: Exists, tolerationSeconds: 10}
        ---
        apiVersion: cluster.open-cluster-management.io/v1beta1
        kind: Placement
        metadata: {name: tolerant, namespace: edge}
        spec:
          predicates: [{requiredClusterSelector: {labelSelector: {matchLabels: {role: edge}}}}]
          tolerations:
            - {key: cluster.open-cluster-management.io/unreachable, operator: Exists}
        """);
    awaitDecisions("edge", "strict", "edge");
    awaitDecisions("edge", "patient", "edge");
    awaitDecisions("edge", "tolerant", "edge");
    // The agent renews every 3 s from its next look at its cluster; killed before, the hub would
    // give it a period of its old lease (60 s) on top of the new grace. The agent logs the new
    // period once its first renewal at it reached the hub.
    agent.awaitLog("cluster edge renews its lease every 3s now", Duration.ofSeconds(90));

    agent.kill9();

    awaitDecisions("edge", "strict", "");
    assertThat(decisions("edge", "tolerant")).isEqualTo("edge");
    // The patient placement keeps the cluster until its toleration lapses, then a timer evicts it.
    awaitDecisions("edge", "patient", "");
    assertThat(decisions("edge", "tolerant")).isEqualTo("edge");

    agent.start();
    awaitDecisions("edge", "strict", "edge");
  }

  @Test
  void bindingAndUnbindingASetAddsAndRemovesItsClusters() {
    apply(
        """
        apiVersion: cluster.open-cluster-management.io/v1beta1
        kind: Placement
        metadata: {name: all, namespace: team}
        spec:
          clusterSets: [global]
          predicates: [{requiredClusterSelector: {labelSelector: {matchExpressions: [{key: role, operator: DoesNotExist}]}}}]
        """);
    awaitDecisions("team", "all", "");
    await("no bindings")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> placementStatus("team", "all", "Reason"), "NoManagedClusterSetBindings"::equals);

    apply(
        """
        apiVersion: cluster.open-cluster-management.io/v1beta2
        kind: ManagedClusterSetBinding
        metadata: {name: global, namespace: team}
        spec: {clusterSet: global}
        """);
    awaitDecisions("team", "all", "p1 p2");
    assertThat(placementStatus("team", "all", "Reason")).isEqualTo("AllDecisionsScheduled");

    kubectl.ok("delete", "managedclustersetbinding", "global", "-n", "team");
    awaitDecisions("team", "all", "");
    assertThat(placementStatus("team", "all", "Reason")).isEqualTo("NoManagedClusterSetBindings");
  }

  @Test
  void addOnScoresRankClustersAndAScoreChangeMovesTheDecision() {
    apply(
        """
        apiVersion: cluster.open-cluster-management.io/v1beta2
        kind: ManagedClusterSetBinding
        metadata: {name: global, namespace: scored}
        spec: {clusterSet: global}
        ---
        apiVersion: cluster.open-cluster-management.io/v1alpha1
        kind: AddOnPlacementScore
        metadata: {name: usage, namespace: p1}
        status:
          scores: [{name: cpuAvailable, value: 10}]
        ---
        apiVersion: cluster.open-cluster-management.io/v1alpha1
        kind: AddOnPlacementScore
        metadata: {name: usage, namespace: p2}
        status:
          scores: [{name: cpuAvailable, value: 90}]
        ---
        apiVersion: cluster.open-cluster-management.io/v1beta1
        kind: Placement
        metadata: {name: roomiest, namespace: scored}
        spec:
          numberOfClusters: 1
          predicates: [{requiredClusterSelector: {labelSelector: {matchExpressions: [{key: role, operator: DoesNotExist}]}}}]
          prioritizerPolicy:
            mode: Exact
            configurations:
              - scoreCoordinate: {type: AddOn, addOn: {resourceName: usage, scoreName: cpuAvailable}}
        """);
    awaitDecisions("scored", "roomiest", "p2");

    apply(
        """
        apiVersion: cluster.open-cluster-management.io/v1alpha1
        kind: AddOnPlacementScore
        metadata: {name: usage, namespace: p1}
        status:
          scores: [{name: cpuAvailable, value: 100}]
        """);

    awaitDecisions("scored", "roomiest", "p1");
    assertThat(kubectl.ok("get", "addonplacementscores", "-A")).contains("usage");
  }

  @Test
  void aHubKilledRightAfterALabelChangeStillMovesTheDecision() {
    apply(
        """
        apiVersion: cluster.open-cluster-management.io/v1beta2
        kind: ManagedClusterSetBinding
        metadata: {name: global, namespace: crash}
        spec: {clusterSet: global}
        ---
        apiVersion: cluster.open-cluster-management.io/v1beta1
        kind: Placement
        metadata: {name: survivor, namespace: crash}
        spec:
          predicates: [{requiredClusterSelector: {labelSelector: {matchLabels: {survivor: "yes"}}}}]
        """);
    awaitDecisions("crash", "survivor", "");

    kubectl.ok("label", "managedcluster", "p2", "survivor=yes");
    fleet.hub().kill9();
    fleet.startHub();

    awaitDecisions("crash", "survivor", "p2");
  }

  private static void apply(String yaml) {
    kubectl.run(yaml, "apply", "-f", "-").ok();
  }

  /** The clusters of a placement's decisions, as OCM consumers read them, space-separated. */
  private static String decisions(String namespace, String placement) {
    return kubectl
        .ok(
            "get",
            "placementdecisions",
            "-n",
            namespace,
            "-l",
            DECISIONS_OF + placement,
            "-o",
            "jsonpath={.items[*].status.decisions[*].clusterName}")
        .trim();
  }

  private static void awaitDecisions(String namespace, String placement, String clusters) {
    await(namespace + "/" + placement + " decides " + clusters)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> decisions(namespace, placement), clusters::equals);
  }

  private static String placementStatus(String namespace, String placement, String field) {
    return kubectl
        .ok(
            "get",
            "placement",
            placement,
            "-n",
            namespace,
            "-o",
            "jsonpath={.status.conditions[?(@.type==\"PlacementSatisfied\")]."
                + field.toLowerCase()
                + "}")
        .trim();
  }

  private static void awaitAvailable(String name) {
    await(name + " available")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () -> admin.resources(ManagedCluster.class).withName(name).get(),
            c ->
                c != null
                    && Conditions.isTrue(
                        c.getStatus().getConditions(), ManagedCluster.CONDITION_AVAILABLE));
  }
}
