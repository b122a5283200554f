package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.Placements;
import io.fleetflow.e2e.support.Rollouts;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The timing semantics of staged rollouts on real processes, with durations of seconds: decision
 * groups one after the other, mandatory groups first, the soak ({@code minSuccessTime}) holding the
 * next batch, a stuck cluster timing out at {@code progressDeadline}, a broken Deployment breaching
 * {@code maxFailures} without automatic rollback, and approval gates that expire into a pause or an
 * abort. What the clusters got, and when, is read from the simulated clusters' own APIs: the
 * creation time their API server gave each object shows the order the rollout started them in.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolloutStrategiesE2ETest {
  private static final List<String> CLUSTERS =
      IntStream.rangeClosed(1, 5).mapToObj(i -> "s" + i).toList();
  private static final Duration ROLLOUT = Duration.ofSeconds(120);

  /** The soak of the scenarios with minSuccessTime. */
  private static final Duration SOAK = Duration.ofSeconds(4);

  /** Placement {@code rings}: group canary (s5), group early (s1, s2), then the rest (s3, s4). */
  private static final String RINGS =
      """
      apiVersion: cluster.open-cluster-management.io/v1beta1
      kind: Placement
      metadata: {name: rings, namespace: apps}
      spec:
        decisionStrategy:
          groupStrategy:
            decisionGroups:
              - groupName: canary
                groupClusterSelector: {labelSelector: {matchLabels: {ring: canary}}}
              - groupName: early
                groupClusterSelector: {labelSelector: {matchLabels: {ring: early}}}
      """;

  /**
   * A ManifestWorkReplicaSet {@code api} on placement {@code all} with one Deployment, written with
   * server-side apply so that what others own on a cluster stays: {@code %1$s} the image, {@code
   * %2$s} the Deployment's progressDeadlineSeconds, {@code %3$s} the rollout strategy.
   */
  private static final String API =
      """
      apiVersion: work.open-cluster-management.io/v1alpha1
      kind: ManifestWorkReplicaSet
      metadata: {name: api, namespace: apps}
      spec:
        placementRefs:
          - name: all
            rolloutStrategy: %3$s
        manifestWorkTemplate:
          workload:
            manifests:
            - apiVersion: apps/v1
              kind: Deployment
              metadata: {name: api, namespace: default}
              spec:
                replicas: 2
                progressDeadlineSeconds: %2$s
                selector: {matchLabels: {app: api}}
                template:
                  metadata: {labels: {app: api}}
                  spec:
                    containers: [{name: api, image: "%1$s"}]
          manifestConfigs:
            - resourceIdentifier: {group: apps, resource: deployments, name: api, namespace: default}
              updateStrategy: {type: ServerSideApply}
      """;

  private static Fleet fleet;
  private static Kubectl kubectl;
  private static Rollouts rollouts;

  @BeforeAll
  static void startFleet() {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl is needed");
    fleet =
        Fleet.start(
            "rollout-strategies",
            Placements.AUTO_APPROVE_SIMULATED,
            CLUSTERS.toArray(String[]::new));
    kubectl = fleet.kubectl();
    rollouts = new Rollouts(fleet, "apps");
    Placements.awaitAvailable(kubectl, CLUSTERS, Duration.ofSeconds(120));
    kubectl.ok("label", "managedcluster", "s5", "ring=canary");
    kubectl.ok("label", "managedcluster", "s1", "s2", "ring=early");
    Placements.placeAll(kubectl, "apps", CLUSTERS.size(), Duration.ofSeconds(120));
    rollouts.apply(RINGS);
    kubectl.awaitOutput(
        "placement rings has its three decision groups",
        Duration.ofSeconds(60),
        "1 2 2",
        "get",
        "placement",
        "rings",
        "-n",
        "apps",
        "-o",
        "jsonpath={.status.decisionGroups[*].clusterCount}");
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  @Order(1)
  void progressivePerGroupRollsOutOneDecisionGroupAfterTheOtherEachSoakingFirst() {
    rollouts.apply(
        RolloutE2ETest.replicaSet(
            "grouped",
            "rings",
            "g1",
            "{type: ProgressivePerGroup, progressivePerGroup: {minSuccessTime: 4s}}",
            ""));

    rollouts.awaitPhase("grouped", "Succeeded", ROLLOUT);

    assertThat(CLUSTERS)
        .allSatisfy(
            c ->
                assertThat(rollouts.onCluster(c, "configmap", "grouped", "{.data.message}"))
                    .isEqualTo("g1"));
    assertStartedInOrderWithSoak(
        "grouped", List.of(List.of("s5"), List.of("s1", "s2"), List.of("s3", "s4")));
    assertThat(rollouts.field("grouped", "{.status.rollout.stages[*].name}"))
        .isEqualTo("canary early group-2");
  }

  @Test
  @Order(2)
  void progressiveStartsTheMandatoryGroupFirstThenBatchesThatWaitForTheSoak() {
    rollouts.apply(
        RolloutE2ETest.replicaSet(
            "batched",
            "rings",
            "b1",
            """
            {type: Progressive, progressive: {mandatoryDecisionGroups: [{groupName: canary}], \
            maxConcurrency: 2, minSuccessTime: 4s}}""",
            ""));

    rollouts.awaitPhase("batched", "Succeeded", ROLLOUT);

    // The canary s5 goes first although it is last by name; the other clusters follow in name
    // order, two at a time, and a slot frees only once its cluster has soaked.
    assertStartedInOrderWithSoak(
        "batched", List.of(List.of("s5"), List.of("s1", "s2"), List.of("s3", "s4")));
    assertThat(rollouts.field("batched", "{.status.rollout.stages[*].name}"))
        .isEqualTo("canary batch-2 batch-3");
  }

  @Test
  @Order(3)
  void aStuckClusterTimesOutAtTheProgressDeadlineFreesItsSlotAndSucceedsOnceItRecovers() {
    // On s2 someone else owns an annotation that keeps the Deployment from ever becoming ready
    // (the simulator's stand-in for a cluster where pods cannot start).
    clusterPolicy("s2", "annotations: {sim.fleetflow.io/fail: \"true\"}");

    rollouts.apply(
        API.formatted(
            "example.com/api:1",
            600,
            "{type: Progressive, progressive: {maxConcurrency: 2, progressDeadline: 6s,"
                + " maxFailures: 1}}"));

    await("s2 timed out and every other cluster succeeded")
        .atMost(ROLLOUT)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                rollouts
                    .field("api", "{range .status.rollout.clusters[*]}{.state} {end}")
                    .equals("succeeded timedOut succeeded succeeded succeeded"));
    // A cluster counts as succeeded only once its Deployment rolled out: the work on s2 is Applied
    // and Available (the Deployment exists) but its replicas never became available.
    for (String cluster : List.of("s1", "s3", "s4", "s5")) {
      assertThat(deployment(cluster))
          .as("the Deployment on " + cluster)
          .isEqualTo("example.com/api:1 2/2 available");
      Instant available =
          Instant.parse(
              rollouts.onCluster(
                  cluster,
                  "deployment",
                  "api",
                  "{.status.conditions[?(@.type==\"Available\")].lastTransitionTime}"));
      Instant succeeded =
          Instant.parse(
              rollouts.field(
                  "api", "{.status.rollout.clusters[?(@.cluster==\"" + cluster + "\")].since}"));
      assertThat(succeeded)
          .as(cluster + " succeeded only after its Deployment became available")
          .isAfter(available);
    }
    assertThat(deployment("s2")).isEqualTo("example.com/api:1 0/2 available");
    assertThat(rollouts.field("api", "{.status.rollout.clusters[?(@.cluster==\"s2\")].message}"))
        .isEqualTo("no success within progressDeadline");
    // The timed-out cluster is a tolerated failure (maxFailures 1), never a success: the
    // rollout does not call itself done.
    assertThat(rollouts.field("api", "{.status.rollout.phase}")).isEqualTo("Progressing");
    assertThat(rollouts.field("api", "{.status.rollout.message}"))
        .isEqualTo("4 of 5 clusters at revision 1, 1 timed out");
    assertThat(rollouts.field("api", "{.status.summary.desiredTotal}/{.status.summary.updated}"))
        .isEqualTo("5/4");

    // Once someone on s2 removes the annotation the Deployment rolls out there, and the timed-out
    // cluster counts as succeeded after all.
    fleet
        .clusterKubectl("s2")
        .ok(
            "patch",
            "deployment",
            "api",
            "-n",
            "default",
            "--type=merge",
            "-p",
            "{\"metadata\":{\"annotations\":{\"sim.fleetflow.io/fail\":null}}}");
    rollouts.awaitPhase("api", "Succeeded", ROLLOUT);
    assertThat(deployment("s2")).isEqualTo("example.com/api:1 2/2 available");
  }

  @Test
  @Order(4)
  void aBrokenDeploymentBreachesMaxFailuresAndTheRolloutStopsWithoutRollingBack() {
    rollouts.apply(
        API.formatted(
            "example.com/api:broken",
            2,
            "{type: Progressive, progressive: {maxConcurrency: 1, maxFailures: 0}}"));

    rollouts.awaitPhase("api", "Failed", ROLLOUT);

    // s1 went first; its Deployment exceeded its progress deadline and the cluster failed.
    assertThat(rollouts.clusterState("api", "s1")).isEqualTo("failed");
    assertThat(rollouts.field("api", "{.status.rollout.clusters[?(@.cluster==\"s1\")].message}"))
        .startsWith("Degraded: ")
        .contains("has timed out progressing");
    assertThat(
            rollouts.onCluster(
                "s1",
                "deployment",
                "api",
                "{.status.conditions[?(@.type==\"Progressing\")].reason}"))
        .isEqualTo("ProgressDeadlineExceeded");
    assertThat(rollouts.field("api", "{.status.rollout.message}"))
        .isEqualTo(
            "placement all: 1 clusters failed or timed out, more than maxFailures 0;"
                + " 0 of 5 clusters at revision 2, 1 failed");
    // Without autoRollback nothing is undone and nothing more starts: s1 keeps the broken image,
    // the others keep revision 1 while the rollout stays failed.
    await("the failed rollout stays put")
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                rollouts.field("api", "{.status.rollout.phase}").equals("Failed")
                    && rollouts.clusterState("api", "s3").equals("waiting"));
    assertThat(deployment("s1")).isEqualTo("example.com/api:broken 0/2 available");
    for (String cluster : List.of("s3", "s4", "s5")) {
      assertThat(deployment(cluster)).as(cluster).isEqualTo("example.com/api:1 2/2 available");
      assertThat(rollouts.clusterState("api", cluster)).isEqualTo("waiting");
    }
    assertThat(rollouts.control("viewer", "history", "api").ok())
        .contains("MaxFailuresBreached")
        .doesNotContain("RolledBack");
  }

  @Test
  @Order(5)
  void anExpiredGatePausesOrAbortsAsConfigured() {
    String gates = "approvalGates: {beforeFirstStage: true, expiry: %s, onExpiry: %s}";
    rollouts.apply(
        RolloutE2ETest.replicaSet(
            "lapsing", "all", "l1", "{type: All}", gates.formatted("10s", "Pause")));
    rollouts.apply(
        RolloutE2ETest.replicaSet(
            "doomed", "all", "d1", "{type: All}", gates.formatted("3s", "Abort")));

    rollouts.awaitPhase("lapsing", "Paused", ROLLOUT);
    rollouts.awaitPhase("doomed", "Aborted", ROLLOUT);

    assertThat(CLUSTERS)
        .allSatisfy(
            c -> {
              assertThat(rollouts.onCluster(c, "configmap", "lapsing", "{.data.message}"))
                  .isEmpty();
              assertThat(rollouts.onCluster(c, "configmap", "doomed", "{.data.message}")).isEmpty();
            });
    assertThat(rollouts.control("viewer", "history", "lapsing").ok())
        .contains("GateExpired")
        .contains("the rollout is paused until resumed");
    assertThat(rollouts.control("viewer", "history", "doomed").ok())
        .contains("GateExpired")
        .contains("the rollout is aborted");
    Kubectl.Result late = rollouts.control("approver", "approve", "doomed");
    assertThat(late.exitCode()).isNotZero();
    assertThat(late.output()).contains("HTTP 409");

    // Resuming the paused rollout opens the gate again, with a new expiry, for an approver.
    rollouts.control("operator", "resume", "lapsing").ok();
    rollouts.awaitPhase("lapsing", "WaitingForApproval", Duration.ofSeconds(30));
    assertThat(CLUSTERS)
        .allSatisfy(
            c ->
                assertThat(rollouts.onCluster(c, "configmap", "lapsing", "{.data.message}"))
                    .isEmpty());
  }

  // ------------------------------------------------------------------------------------------

  /**
   * Asserts, from the creation times on the clusters, that each group of clusters started no
   * earlier than the soak after the first cluster of the group before (timestamps have whole
   * seconds, hence one second of slack), and that the rollout's status agrees.
   */
  private static void assertStartedInOrderWithSoak(String name, List<List<String>> groups) {
    Instant previous = null;
    for (List<String> group : groups) {
      List<Instant> created =
          group.stream().map(c -> rollouts.createdOn(c, "configmap", name)).sorted().toList();
      if (previous != null) {
        assertThat(created.getFirst())
            .as("%s started after the soak of the group before", group)
            .isAfterOrEqualTo(previous.plus(SOAK).minusSeconds(1));
      }
      previous = created.getFirst();
    }
    assertThat(rollouts.field(name, "{range .status.rollout.clusters[*]}{.state} {end}"))
        .isEqualTo(String.join(" ", Collections.nCopies(CLUSTERS.size(), "succeeded")));
  }

  /**
   * Applies, on a cluster's own API, metadata of the Deployment {@code api} that the cluster's
   * policy (field manager {@code cluster-policy}) owns.
   */
  private static void clusterPolicy(String cluster, String metadata) {
    fleet
        .clusterKubectl(cluster)
        .run(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
              namespace: default
              %s
            """
                .formatted(metadata),
            "apply",
            "--server-side",
            "--field-manager=cluster-policy",
            "-f",
            "-")
        .ok();
  }

  /** The Deployment {@code api} on a cluster's own API: its image and available replicas. */
  private static String deployment(String cluster) {
    return rollouts.onCluster(
        cluster,
        "deployment",
        "api",
        "{.spec.template.spec.containers[0].image} {.status.availableReplicas}/{.spec.replicas}"
            + " available");
  }
}
