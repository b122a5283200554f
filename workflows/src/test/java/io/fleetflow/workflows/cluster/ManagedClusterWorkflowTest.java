package io.fleetflow.workflows.cluster;

import static io.fleetflow.workflows.Fixtures.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.fabric8.kubernetes.api.model.Condition;
import io.fleetflow.activities.agent.AgentActivities;
import io.fleetflow.model.cluster.BuiltInTaints;
import io.fleetflow.model.cluster.ClusterKinds;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.cluster.ManagedClusterSpec.Taint;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.meta.Roles;
import io.fleetflow.workflows.Fixtures;
import io.fleetflow.workflows.HubTestEnvironment;
import io.fleetflow.workflows.entity.EntityFailures;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A cluster's registration: join, approval, health, and the refusals around them. */
class ManagedClusterWorkflowTest {
  /** A lease short enough that the agent renews by signal every period (see LeaseRenewals). */
  private static final int SHORT_LEASE = 30;

  private HubTestEnvironment hub;
  private AgentActivities agent;

  @BeforeEach
  void startHub() {
    hub = new HubTestEnvironment();
    agent = hub.agentFor("cluster1");
    when(agent.describeCluster()).thenReturn(Fixtures.clusterInfo("cluster1"));
    hub.start();
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  @Test
  void anAgentsJoinListsTheClusterAsNotYetAccepted() {
    JoinResponse response = join("cluster1", "sha256:one");

    assertThat(response.accepted()).isFalse();
    assertThat(response.leaseDurationSeconds()).isEqualTo(60);
    hub.env().sleep(Duration.ofSeconds(1));
    ManagedCluster cluster = stub("cluster1").get();
    assertThat(cluster.getSpec().isHubAcceptsClient()).isFalse();
    assertThat(cluster.getMetadata().getUid()).isNotBlank();
    assertThat(cluster.getStatus().getVersion().kubernetes()).isEqualTo("v1.32.0");
    assertThat(cluster.getStatus().getClusterClaims())
        .extracting(c -> c.name() + "=" + c.value())
        .containsExactly("id.k8s.io=cluster1-id");
    assertThat(cluster.getStatus().getConditions())
        .extracting(Condition::getType, Condition::getStatus)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                ClusterRegistration.CONDITION_JOIN_PENDING, Conditions.TRUE));
    assertThat(cluster.getMetadata().getAnnotations()).containsKey(ClusterRegistration.EXPIRES_AT);
    assertThat(cluster.getSpec().getTaints())
        .extracting(Taint::key)
        .containsExactly(io.fleetflow.model.cluster.BuiltInTaints.UNREACHABLE);
    verify(agent, never()).describeCluster();
  }

  @Test
  void acceptingRecordsWhoAndWhyAndTheAgentConfirmsTheJoin() {
    join("cluster1", "sha256:one");

    ManagedCluster accepted = accept("cluster1", ADMIN);
    hub.env().sleep(Duration.ofSeconds(1));

    Condition hubAccepted = condition("cluster1", ManagedCluster.CONDITION_HUB_ACCEPTED);
    assertThat(hubAccepted.getStatus()).isEqualTo(Conditions.TRUE);
    assertThat(hubAccepted.getReason()).isEqualTo("HubClusterAdminAccepted");
    assertThat(hubAccepted.getMessage()).startsWith("Accepted by admin at ").endsWith(": tour");
    assertThat(condition("cluster1", ManagedCluster.CONDITION_JOINED).getStatus())
        .isEqualTo(Conditions.TRUE);
    assertThat(condition("cluster1", ManagedCluster.CONDITION_AVAILABLE).getStatus())
        .isEqualTo(Conditions.TRUE);
    assertThat(accepted.getSpec().isHubAcceptsClient()).isTrue();
    verify(agent, times(1)).describeCluster();

    String updateInputs =
        hub
            .client()
            .fetchHistory(ClusterKinds.MANAGED_CLUSTER.workflowId(null, "cluster1"))
            .getEvents()
            .stream()
            .filter(
                e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
            .flatMap(
                e ->
                    e
                        .getWorkflowExecutionUpdateAcceptedEventAttributes()
                        .getAcceptedRequest()
                        .getInput()
                        .getArgs()
                        .getPayloadsList()
                        .stream())
            .map(p -> p.getData().toStringUtf8())
            .reduce("", String::concat);
    assertThat(updateInputs).contains("\"user\":\"admin\"").contains("\"reason\":\"tour\"");
  }

  @Test
  void acceptingTwiceIsASuccessThatChangesNothing() {
    joinAndAccept("cluster1", "sha256:one");
    Condition first = condition("cluster1", ManagedCluster.CONDITION_HUB_ACCEPTED);

    hub.env().sleep(Duration.ofMinutes(5));
    accept("cluster1", new Actor("someone-else", List.of(Roles.OPERATORS), null));

    Condition second = condition("cluster1", ManagedCluster.CONDITION_HUB_ACCEPTED);
    assertThat(second.getMessage()).isEqualTo(first.getMessage());
    assertThat(second.getLastTransitionTime()).isEqualTo(first.getLastTransitionTime());
    verify(agent, times(1)).describeCluster();
  }

  @Test
  void anotherAgentClaimingATakenNameIsRefusedAndTheOwnerKeepsIt() {
    join("cluster1", "sha256:one");

    assertThatThrownBy(() -> join("cluster1", "sha256:intruder"))
        .isInstanceOf(WorkflowUpdateException.class)
        .satisfies(
            e -> {
              ApplicationFailure f = EntityFailures.find(e).orElseThrow();
              assertThat(f.getType()).isEqualTo(EntityFailures.CONFLICT);
              assertThat(f.getOriginalMessage()).contains("taken by another agent");
            });

    assertThat(join("cluster1", "sha256:one").accepted()).isFalse();
  }

  @Test
  void anInvalidChangeIsRejectedBeforeItReachesTheHistory() {
    join("cluster1", "sha256:one");
    ManagedCluster proposed = stub("cluster1").get();
    proposed.getSpec().setTaints(List.of(new Taint("maintenance", "true", "Sometimes", null)));

    assertThatThrownBy(() -> stub("cluster1").apply(proposed, ADMIN))
        .isInstanceOf(WorkflowUpdateException.class)
        .satisfies(
            e -> {
              ApplicationFailure f = EntityFailures.find(e).orElseThrow();
              assertThat(f.getType()).isEqualTo(EntityFailures.INVALID);
              assertThat(f.getOriginalMessage()).contains("spec.taints[0].effect");
            });

    var events =
        hub
            .client()
            .fetchHistory(ClusterKinds.MANAGED_CLUSTER.workflowId(null, "cluster1"))
            .getEvents()
            .stream()
            .filter(
                e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
            .count();
    assertThat(events).isEqualTo(1);
  }

  @Test
  void aClusterOnAShortLeaseWhoseAgentStopsRenewingBecomesUnknownAndRecovers() {
    joinAndAccept("cluster1", "sha256:one", SHORT_LEASE);
    assertThat(condition("cluster1", ManagedCluster.CONDITION_AVAILABLE).getStatus())
        .isEqualTo(Conditions.TRUE);

    hub.env().sleep(Duration.ofSeconds(3 * SHORT_LEASE + 5));

    Condition unknown = condition("cluster1", ManagedCluster.CONDITION_AVAILABLE);
    assertThat(unknown.getStatus()).isEqualTo(Conditions.UNKNOWN);
    assertThat(unknown.getReason()).isEqualTo("ManagedClusterLeaseUpdateStopped");

    stub("cluster1").renewLease(new LeaseRenewal("sha256:one", true, null));
    hub.env().sleep(Duration.ofSeconds(1));
    assertThat(condition("cluster1", ManagedCluster.CONDITION_AVAILABLE).getStatus())
        .isEqualTo(Conditions.TRUE);
  }

  @Test
  void aLeaseRenewedByAnotherIdentityDoesNotCount() {
    joinAndAccept("cluster1", "sha256:one", SHORT_LEASE);

    for (int i = 0; i < 4; i++) {
      stub("cluster1").renewLease(new LeaseRenewal("sha256:intruder", true, null));
      hub.env().sleep(Duration.ofSeconds(SHORT_LEASE));
    }

    assertThat(condition("cluster1", ManagedCluster.CONDITION_AVAILABLE).getStatus())
        .isEqualTo(Conditions.UNKNOWN);
  }

  @Test
  void anAcceptedClusterWhoseAgentDoesNotPollIsShownAsNotPolling() {
    HubTestEnvironment silent = new HubTestEnvironment();
    try {
      silent.start();
      silent.join(Fixtures.join("ghost", "sha256:ghost"));
      ManagedClusterWorkflow workflow = silent.cluster("ghost");
      ManagedCluster proposed = workflow.get();
      proposed.getMetadata().setResourceVersion(null);
      proposed.getSpec().setHubAcceptsClient(true);
      workflow.apply(proposed, ADMIN);

      silent.env().sleep(Duration.ofSeconds(45));

      Condition available =
          Conditions.find(
                  workflow.get().getStatus().getConditions(), ManagedCluster.CONDITION_AVAILABLE)
              .orElseThrow();
      assertThat(available.getStatus()).isEqualTo(Conditions.UNKNOWN);
      assertThat(available.getReason()).isEqualTo("AgentNotPolling");
      assertThat(available.getMessage()).contains("cluster-ghost");
    } finally {
      silent.close();
    }
  }

  @Test
  void denyingAnAcceptedClusterRecordsTheDenial() {
    joinAndAccept("cluster1", "sha256:one");
    ManagedCluster proposed = stub("cluster1").get();
    proposed.getMetadata().setResourceVersion(null);
    proposed.getSpec().setHubAcceptsClient(false);

    stub("cluster1").apply(proposed, new Actor("admin", List.of(Roles.ADMINS), "decommissioned"));

    Condition denied = condition("cluster1", ManagedCluster.CONDITION_HUB_ACCEPTED);
    assertThat(denied.getStatus()).isEqualTo(Conditions.FALSE);
    assertThat(denied.getReason()).isEqualTo("HubClusterAdminDenied");
    assertThat(denied.getMessage()).contains("decommissioned");
  }

  @Test
  void aJoinWithAnOversizedClaimIsRefusedAndNothingIsCreated() {
    JoinRequest oversized =
        new JoinRequest(
            "cluster1",
            "sha256:one",
            new io.fleetflow.activities.agent.ClusterInfo(
                "v1.32.0",
                java.util.Map.of(),
                java.util.Map.of(),
                java.util.Map.of("big.example.com", "x".repeat(1025))),
            List.of());

    assertThatThrownBy(() -> hub.join(oversized))
        .isInstanceOf(WorkflowUpdateException.class)
        .satisfies(
            e -> {
              ApplicationFailure f = EntityFailures.find(e).orElseThrow();
              assertThat(f.getType()).isEqualTo(EntityFailures.INVALID);
              assertThat(f.getOriginalMessage()).contains("at most 1024 characters");
            });
    assertThat(stub("cluster1").get()).isNull();
  }

  @Test
  void aSecondAgentsAttemptIsShownOnTheClusterItAimedAt() {
    join("cluster1", "sha256:one");

    assertThatThrownBy(() -> join("cluster1", "sha256:intruder"))
        .isInstanceOf(WorkflowUpdateException.class);

    assertThat(stub("cluster1").events())
        .extracting(ClusterEvent::type, ClusterEvent::reason)
        .contains(org.assertj.core.groups.Tuple.tuple("Warning", "DuplicateNameRefused"));
    Condition conflict = condition("cluster1", ClusterRegistration.CONDITION_NAME_CONFLICT);
    assertThat(conflict.getStatus()).isEqualTo(Conditions.TRUE);
    assertThat(conflict.getMessage())
        .contains("sha256:intruder")
        .contains("the name belongs to sha256:one");
  }

  @Test
  void aLostAgentTaintsTheClusterUnreachableAndRecoveryRemovesTheTaint() {
    joinAndAccept("cluster1", "sha256:one");
    assertThat(stub("cluster1").get().getSpec().getTaints()).isEmpty();

    hub.agentStopsPolling("cluster1");
    hub.env().sleep(Duration.ofSeconds(3 * 60 + 5));

    assertThat(stub("cluster1").events())
        .extracting(ClusterEvent::reason)
        .containsSubsequence("ClusterAccepted", "ClusterJoined", "ClusterUnreachable");
    Taint unreachable = stub("cluster1").get().getSpec().getTaints().get(0);
    assertThat(unreachable.key()).isEqualTo(BuiltInTaints.UNREACHABLE);
    assertThat(unreachable.effect()).isEqualTo("NoSelect");
    assertThat(unreachable.timeAdded()).isNotBlank();

    // The restarted agent polls again and renews at once.
    hub.agentPollsAgain("cluster1");
    stub("cluster1").renewLease(new LeaseRenewal("sha256:one", true, null));
    hub.env().sleep(Duration.ofSeconds(1));
    assertThat(stub("cluster1").get().getSpec().getTaints()).isEmpty();
    assertThat(stub("cluster1").events())
        .last()
        .extracting(ClusterEvent::reason)
        .isEqualTo("ClusterAvailable");
  }

  @Test
  void anAgentWhoseApiServerKeepsFailingMakesTheClusterUnavailable() {
    joinAndAccept("cluster1", "sha256:one");

    stub("cluster1").renewLease(new LeaseRenewal("sha256:one", false, "/livez failed: refused"));
    hub.env().sleep(Duration.ofSeconds(1));

    Condition available = condition("cluster1", ManagedCluster.CONDITION_AVAILABLE);
    assertThat(available.getStatus()).isEqualTo(Conditions.FALSE);
    assertThat(available.getReason()).isEqualTo("ManagedClusterKubeAPIServerUnavailable");
    assertThat(stub("cluster1").get().getSpec().getTaints())
        .extracting(Taint::key)
        .containsExactly(BuiltInTaints.UNAVAILABLE);
  }

  @Test
  void anAgentWhoseClockIsFarOffIsReportedOutOfSync() {
    joinAndAccept("cluster1", "sha256:one");
    long hubNow = hub.env().currentTimeMillis();

    stub("cluster1")
        .renewLease(
            new LeaseRenewal("sha256:one", true, null, hubNow - Duration.ofHours(1).toMillis()));
    hub.env().sleep(Duration.ofSeconds(1));
    assertThat(condition("cluster1", ClusterHealth.CONDITION_CLOCK_SYNCED).getStatus())
        .isEqualTo(Conditions.FALSE);

    stub("cluster1")
        .renewLease(new LeaseRenewal("sha256:one", true, null, hub.env().currentTimeMillis()));
    hub.env().sleep(Duration.ofSeconds(1));
    assertThat(condition("cluster1", ClusterHealth.CONDITION_CLOCK_SYNCED).getStatus())
        .isEqualTo(Conditions.TRUE);
  }

  @Test
  void theHubStampsWhenAnOperatorsTaintWasAddedAndKeepsItAfterwards() {
    joinAndAccept("cluster1", "sha256:one");
    ManagedCluster proposed = stub("cluster1").get();
    proposed.getMetadata().setResourceVersion(null);
    proposed
        .getSpec()
        .setTaints(List.of(new Taint("maintenance", "true", "NoSelect", "1999-01-01T00:00:00Z")));

    String stamped =
        stub("cluster1").apply(proposed, ADMIN).getSpec().getTaints().get(0).timeAdded();
    assertThat(stamped).isNotEqualTo("1999-01-01T00:00:00Z");

    hub.env().sleep(Duration.ofMinutes(1));
    ManagedCluster labelled = stub("cluster1").get();
    labelled.getMetadata().setResourceVersion(null);
    labelled.getMetadata().setLabels(java.util.Map.of("region", "eu"));
    assertThat(stub("cluster1").apply(labelled, ADMIN).getSpec().getTaints().get(0).timeAdded())
        .isEqualTo(stamped);
  }

  /** An agent joins, an admin accepts, and the agent confirms the join. */
  private void joinAndAccept(String name, String identity) {
    join(name, identity);
    accept(name, ADMIN);
    hub.env().sleep(Duration.ofSeconds(1));
  }

  /** Accepted on a lease short enough that its agent renews by signal every period. */
  private void joinAndAccept(String name, String identity, int leaseSeconds) {
    join(name, identity);
    ManagedCluster proposed = stub(name).get();
    proposed.getMetadata().setResourceVersion(null);
    proposed.getSpec().setHubAcceptsClient(true);
    proposed.getSpec().setLeaseDurationSeconds(leaseSeconds);
    stub(name).apply(proposed, ADMIN);
    hub.env().sleep(Duration.ofSeconds(1));
  }

  private JoinResponse join(String name, String identity) {
    return hub.join(Fixtures.join(name, identity));
  }

  private ManagedCluster accept(String name, Actor actor) {
    ManagedCluster proposed = stub(name).get();
    proposed.getMetadata().setResourceVersion(null);
    proposed.getSpec().setHubAcceptsClient(true);
    return stub(name).apply(proposed, actor);
  }

  private Condition condition(String name, String type) {
    return Conditions.find(stub(name).get().getStatus().getConditions(), type).orElseThrow();
  }

  private ManagedClusterWorkflow stub(String name) {
    return hub.cluster(name);
  }
}
