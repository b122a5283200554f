package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.ManagedProcess;
import io.fleetflow.e2e.support.VisibilityWaits;
import io.fleetflow.model.cluster.BuiltInTaints;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.cluster.ManagedClusterSpec.Taint;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.takeover.Takeover;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Onboarding through the gateway on real processes: roles, deny, expiry, auto-approval on first
 * join, a duplicate name, and a lost lease with the unreachable taint and recovery.
 */
class OnboardingE2ETest {
  private static Fleet fleet;
  private static Kubectl kubectl;
  private static KubernetesClient admin;

  @BeforeAll
  static void startFleet() {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl is needed");
    fleet =
        Fleet.start(
            "onboarding",
            List.of(
                "--fleetflow.registration.join-request-expiry=20s",
                // A grace of two leases: at the default lease a killed agent is found gone within
                // 2 minutes (its polls are allowed 90 s).
                "--fleetflow.registration.lease-grace-multiplier=2",
                "--fleetflow.registration.auto-approval[0].name=auto-region",
                "--fleetflow.registration.auto-approval[0].claims.[region.example.com]=auto"),
            "cluster1",
            "cluster2");
    kubectl = fleet.kubectl();
    admin = fleet.gatewayClient("admin");
    awaitCluster("cluster1", c -> true);
    awaitCluster("cluster2", c -> true);
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
  void onlyApproversDecideAndTheirNameIsRecorded() {
    fleet.startAgent("gated", "gated-state");
    awaitCluster("gated", c -> true);
    try (KubernetesClient operator = fleet.gatewayClient("operator");
        KubernetesClient viewer = fleet.gatewayClient("viewer");
        KubernetesClient approver = fleet.gatewayClient("approver")) {
      assertThatThrownBy(() -> accept(operator, "gated", true))
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
      assertThatThrownBy(() -> accept(viewer, "gated", true))
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
      assertThat(cluster("gated").getSpec().isHubAcceptsClient()).isFalse();

      decide(approver, "gated", true);
    }

    ManagedCluster available = awaitCluster("gated", OnboardingE2ETest::isAvailable);
    assertThat(message(available, ManagedCluster.CONDITION_HUB_ACCEPTED))
        .startsWith("Accepted by approver at");
    assertThat(available.getSpec().getTaints()).isEmpty();
  }

  @Test
  void denyingAnAcceptedClusterDetachesIt() {
    decide(admin, "cluster2", true);
    awaitCluster("cluster2", OnboardingE2ETest::isAvailable);

    // An approver denies with the launcher (the Java CLI), giving a reason the cluster records.
    assertThat(fleet.launcher("approver", "deny", "cluster2", "--reason", "decommissioned").ok())
        .isEqualTo("managedcluster/cluster2 denied\n");

    ManagedCluster denied =
        awaitCluster("cluster2", c -> "False".equals(status(c, ManagedCluster.CONDITION_JOINED)));
    assertThat(status(denied, ManagedCluster.CONDITION_HUB_ACCEPTED)).isEqualTo("False");
    assertThat(message(denied, ManagedCluster.CONDITION_HUB_ACCEPTED))
        .startsWith("Denied by approver at")
        .endsWith(": decommissioned");
    assertThat(status(denied, ManagedCluster.CONDITION_AVAILABLE)).isEqualTo("Unknown");
    assertThat(denied.getSpec().getTaints())
        .extracting(Taint::key)
        .containsExactly(BuiltInTaints.UNREACHABLE);

    // Behind the deny the hub releases the cluster, and the denied agent still carries the
    // release out on its own API server; the ManagedCluster stays, denied and not deleting.
    ManagedCluster released =
        await("cluster2 released")
            .atMost(Duration.ofSeconds(150))
            .pollInterval(Duration.ofSeconds(1))
            .ignoreExceptions()
            .until(
                () -> cluster("cluster2"),
                c -> "Released".equals(reason(c, Takeover.CONDITION_TAKEN_OVER)));
    try (KubernetesClient cluster2 = fleet.clusterClient("cluster2", "state")) {
      assertThat(cluster2.namespaces().withName("open-cluster-management-agent").get()).isNull();
      assertThat(cluster2.rbac().clusterRoles().withName("fleetflow-agent").get()).isNull();
    }
    assertThat(released.getMetadata().getDeletionTimestamp()).isNull();
    assertThat(status(released, Takeover.CONDITION_DELETING)).isNull();
    assertThat(status(released, ManagedCluster.CONDITION_AVAILABLE)).isEqualTo("Unknown");
  }

  @Test
  void aClusterMatchingAnAutoApprovalRuleJoinsWithoutAPerson() {
    fleet.startAgent("edge1", "edge1-state", "--claim", "region.example.com=auto");

    ManagedCluster edge = awaitCluster("edge1", OnboardingE2ETest::isAvailable);

    assertThat(edge.getMetadata().getAnnotations())
        .containsKey("open-cluster-management.io/automatically-accepted-on");
    assertThat(message(edge, ManagedCluster.CONDITION_HUB_ACCEPTED))
        .contains("system:fleetflow:auto-approval")
        .contains("auto-region");
    assertThat(edge.getStatus().getClusterClaims())
        .extracting(c -> c.name() + "=" + c.value())
        .contains("region.example.com=auto", "platform.open-cluster-management.io=Other");
  }

  @Test
  void aJoinRequestNobodyDecidesExpiresAndTheAgentAsksAgain() {
    fleet.startAgent("lonely", "lonely-state");
    // The object exists from the join on; its workflow stamps the expiry a moment later.
    String firstUid =
        awaitCluster(
                "lonely",
                c ->
                    c.getMetadata().getAnnotations() != null
                        && c.getMetadata()
                            .getAnnotations()
                            .containsKey("fleetflow.io/join-request-expires-at"))
            .getMetadata()
            .getUid();

    await("the first request expired and a new one was made")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(
            () -> {
              ManagedCluster now = cluster("lonely");
              return now != null && !now.getMetadata().getUid().equals(firstUid);
            });
    VisibilityWaits.until(
        fleet.temporal(),
        "the expired registration shows in the Temporal UI's query",
        "FleetflowName = 'lonely' AND FleetflowPhase = 'Expired' AND ExecutionStatus = 'Completed'",
        ids -> !ids.isEmpty());
  }

  @Test
  void aSecondAgentUnderATakenNameIsRefusedAndShown() {
    decide(admin, "cluster1", true);
    awaitCluster("cluster1", OnboardingE2ETest::isAvailable);

    ManagedProcess intruder = fleet.startAgent("cluster1", "intruder-state");
    try {
      ManagedCluster shown =
          awaitCluster("cluster1", c -> "True".equals(status(c, "fleetflow.io/NameConflict")));
      assertThat(message(shown, "fleetflow.io/NameConflict")).contains("was refused");
      assertThat(isAvailable(shown)).isTrue();
      assertThat(
              kubectl.ok(
                  "get",
                  "events",
                  "-n",
                  "default",
                  "--field-selector",
                  "involvedObject.name=cluster1,reason=DuplicateNameRefused",
                  "-o",
                  "name"))
          .isNotBlank();
      assertThat(kubectl.ok("describe", "managedcluster", "cluster1"))
          .contains("DuplicateNameRefused")
          .contains("ClusterAccepted");
    } finally {
      intruder.close();
    }
  }

  @Test
  void aLostLeaseMakesTheClusterUnknownAndTaintedAndARestartedAgentRecovers() {
    ManagedProcess agent =
        fleet.startAgent("edge2", "edge2-state", "--claim", "region.example.com=auto");
    awaitCluster("edge2", OnboardingE2ETest::isAvailable);
    admin
        .resources(ManagedCluster.class)
        .withName("edge2")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"leaseDurationSeconds\":3}}");
    // The agent renews every 3 s from its next look at its cluster (within its old 60 s lease);
    // until then the hub gives it that old period on top of the new grace. The agent logs the new
    // period once its first renewal at it reached the hub.
    agent.awaitLog("cluster edge2 renews its lease every 3s now", Duration.ofSeconds(90));

    agent.kill9();

    ManagedCluster lost =
        await("edge2 unknown within the grace of the 3 s lease")
            .atMost(Duration.ofSeconds(40))
            .pollInterval(Duration.ofMillis(500))
            .ignoreExceptions()
            .until(
                () -> cluster("edge2"),
                c -> "Unknown".equals(status(c, ManagedCluster.CONDITION_AVAILABLE)));
    assertThat(lost.getSpec().getTaints())
        .extracting(Taint::key)
        .containsExactly(BuiltInTaints.UNREACHABLE);

    agent.start();
    ManagedCluster back = awaitCluster("edge2", OnboardingE2ETest::isAvailable);
    assertThat(back.getSpec().getTaints()).isEmpty();
    // The restarted agent kept its identity, so it was not taken for another agent.
    assertThat(status(back, "fleetflow.io/NameConflict")).isNull();
  }

  @Test
  void anIdleAgentIsFoundAliveByItsPollsAndAKilledOneGoneWithinTheGrace() throws Exception {
    ManagedProcess agent =
        fleet.startAgent("edge3", "edge3-state", "--claim", "region.example.com=auto");
    // Idle: taken over (the takeover's steps report to the cluster) and watched by its polls.
    awaitCluster(
        "edge3",
        c ->
            isAvailable(c)
                && "TakeoverComplete".equals(reason(c, Takeover.CONDITION_TAKEN_OVER))
                && Conditions.TRUE.equals(status(c, ManagedCluster.CONDITION_LIVENESS_BY_POLLS)));
    var temporal = fleet.temporal();
    int before = temporal.fetchHistory("ManagedCluster/edge3").getEvents().size();

    // More than a lease period: the agent reads its cluster, but sends no renewal while idle.
    Thread.sleep(Duration.ofSeconds(70).toMillis());

    var added =
        temporal.fetchHistory("ManagedCluster/edge3").getEvents().stream().skip(before).toList();
    assertThat(added)
        .filteredOn(
            e ->
                e.getEventType()
                        == io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED
                    || e.getEventType()
                        == io.temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_STARTED)
        .isEmpty();
    assertThat(isAvailable(cluster("edge3"))).isTrue();

    agent.kill9();
    long killed = System.nanoTime();
    ManagedCluster lost =
        await("edge3 unknown within the grace of 120 s")
            .atMost(Duration.ofSeconds(150))
            .pollInterval(Duration.ofSeconds(1))
            .ignoreExceptions()
            .until(
                () -> cluster("edge3"),
                c -> "Unknown".equals(status(c, ManagedCluster.CONDITION_AVAILABLE)));
    // Not before its polls' allowance (90 s) ran out: a live agent's idle poll waits a minute.
    assertThat(Duration.ofNanos(System.nanoTime() - killed)).isGreaterThan(Duration.ofSeconds(80));
    assertThat(lost.getSpec().getTaints())
        .extracting(Taint::key)
        .containsExactly(BuiltInTaints.UNREACHABLE);

    agent.start();
    awaitCluster("edge3", OnboardingE2ETest::isAvailable);
  }

  @Test
  void labelSelectorsPickClusters() {
    // Decided first, so the request cannot expire and come back without the label.
    decide(admin, "cluster2", true);
    admin
        .resources(ManagedCluster.class)
        .withName("cluster2")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"labels\":{\"region\":\"eu\"}}}");

    assertThat(kubectl.ok("get", "managedclusters", "-l", "region=eu", "-o", "name"))
        .isEqualTo("managedcluster.cluster.open-cluster-management.io/cluster2");
  }

  @Test
  void clusterSetsSelectByLabelAndBindingsReportWhetherTheirSetExists() {
    // Accepted first: this hub lets undecided requests expire after 20 s, and a request that
    // expires is replaced by a new one without the label.
    decide(admin, "cluster1", true);
    kubectl
        .run(
            """
            apiVersion: cluster.open-cluster-management.io/v1beta2
            kind: ManagedClusterSet
            metadata: {name: prod}
            spec:
              clusterSelector: {selectorType: ExclusiveClusterSetLabel}
            ---
            apiVersion: cluster.open-cluster-management.io/v1beta2
            kind: ManagedClusterSetBinding
            metadata: {name: prod, namespace: apps}
            spec: {clusterSet: prod}
            ---
            apiVersion: cluster.open-cluster-management.io/v1beta2
            kind: ManagedClusterSetBinding
            metadata: {name: nowhere, namespace: apps}
            spec: {clusterSet: nowhere}
            """,
            "apply",
            "-f",
            "-")
        .ok();
    kubectl.ok(
        "label",
        "managedcluster",
        "cluster1",
        "--overwrite",
        "cluster.open-cluster-management.io/clusterset=prod");

    await("prod selects cluster1")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                kubectl.ok(
                    "get",
                    "managedclusterset",
                    "prod",
                    "-o",
                    "jsonpath={.status.conditions[?(@.type==\"ClusterSetEmpty\")].message}"),
            m -> m.contains("cluster1"));
    assertThat(
            kubectl.ok(
                "get",
                "managedclusterset",
                "global",
                "-o",
                "jsonpath={.status.conditions[?(@.type==\"ClusterSetEmpty\")].status}"))
        .isEqualTo("False");
    await("bindings report")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                kubectl.ok(
                    "get",
                    "managedclustersetbindings",
                    "-n",
                    "apps",
                    "-o",
                    "jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type==\"Bound\")].status} {end}"),
            m -> m.contains("prod=True") && m.contains("nowhere=False"));

    // The set tells its bindings when it comes: well before any re-check of theirs (5 minutes).
    kubectl
        .run(
            """
            apiVersion: cluster.open-cluster-management.io/v1beta2
            kind: ManagedClusterSet
            metadata: {name: nowhere}
            spec: {clusterSelector: {selectorType: ExclusiveClusterSetLabel}}
            """,
            "apply",
            "-f",
            "-")
        .ok();
    kubectl.awaitOutput(
        "binding nowhere is bound once its set exists",
        Duration.ofSeconds(20),
        "True",
        "get",
        "managedclustersetbinding",
        "nowhere",
        "-n",
        "apps",
        "-o",
        "jsonpath={.status.conditions[?(@.type==\"Bound\")].status}");

    Kubectl.Result mismatch =
        kubectl.run(
            """
            apiVersion: cluster.open-cluster-management.io/v1beta2
            kind: ManagedClusterSetBinding
            metadata: {name: prod, namespace: other}
            spec: {clusterSet: staging}
            """,
            "apply",
            "-f",
            "-");
    assertThat(mismatch.exitCode()).isNotZero();
    assertThat(mismatch.output()).contains("spec.clusterSet").contains("must equal its set's");
  }

  /**
   * Decides on a cluster. This hub lets undecided requests expire after 20 s and the agent asks
   * again at once, so a decision that lands in between finds no cluster: it is retried.
   */
  private static void decide(KubernetesClient client, String name, boolean accept) {
    await("decide on " + name)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () -> {
              accept(client, name, accept);
              return true;
            });
  }

  private static void accept(KubernetesClient client, String name, boolean accept) {
    client
        .resources(ManagedCluster.class)
        .withName(name)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"hubAcceptsClient\":" + accept + "}}");
  }

  private static ManagedCluster cluster(String name) {
    return admin.resources(ManagedCluster.class).withName(name).get();
  }

  private static ManagedCluster awaitCluster(String name, Predicate<ManagedCluster> condition) {
    return await(name)
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> cluster(name), c -> c != null && condition.test(c));
  }

  private static boolean isAvailable(ManagedCluster c) {
    return Conditions.isTrue(c.getStatus().getConditions(), ManagedCluster.CONDITION_AVAILABLE);
  }

  private static String status(ManagedCluster c, String type) {
    return Conditions.find(c.getStatus().getConditions(), type)
        .map(x -> x.getStatus())
        .orElse(null);
  }

  private static String reason(ManagedCluster c, String type) {
    return Conditions.find(c.getStatus().getConditions(), type).map(x -> x.getReason()).orElse("");
  }

  private static String message(ManagedCluster c, String type) {
    return Conditions.find(c.getStatus().getConditions(), type).map(x -> x.getMessage()).orElse("");
  }
}
