package io.fleetflow.workflows.action;

import static io.fleetflow.workflows.Refusals.assertForbidden;
import static io.fleetflow.workflows.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fleetflow.activities.action.ActionAgentActivities;
import io.fleetflow.activities.action.ActionOutcome;
import io.fleetflow.activities.action.ActionRequest;
import io.fleetflow.model.action.ActionApproval;
import io.fleetflow.model.action.ManagedClusterAction;
import io.fleetflow.model.action.ManagedClusterActionSpec;
import io.fleetflow.model.action.ManagedClusterActionSpec.KubeWork;
import io.fleetflow.model.authz.ActorSeal;
import io.fleetflow.model.authz.AuthorizationPolicy;
import io.fleetflow.model.authz.DefaultPolicy;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.meta.Roles;
import io.fleetflow.workflows.HubTestEnvironment;
import io.fleetflow.workflows.entity.EntityAuthority;
import io.fleetflow.workflows.entity.EntityFailures;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * An action's life on the hub: it runs once with who asked recorded and is deleted a minute after
 * it completed; one that needs an approver waits, is refused to other roles, runs once approved and
 * completes as expired when nobody approves in time. An unreachable cluster is the view's scenario:
 * the test server does not skip time while a task waits for a worker, so the action's five-minute
 * pickup would cost five real minutes here.
 */
class ManagedClusterActionWorkflowTest {
  private static final ActorSeal SEAL =
      new ActorSeal("action-workflow-test-key-32-bytes".getBytes());
  private HubTestEnvironment hub;
  private ActionAgentActivities agent;

  @BeforeEach
  void startHub() {
    hub = new HubTestEnvironment();
    hub.agentFor("cluster1");
    agent = hub.actionAgentOf("cluster1");
    when(agent.runAction(any()))
        .thenAnswer(
            call ->
                new ActionOutcome(
                    ManagedClusterAction.REASON_DONE,
                    "Resource action is done.",
                    ((ActionRequest) call.getArgument(0)).kube().template()));
    hub.start();
    EntityAuthority.install(SEAL);
  }

  @AfterEach
  void stopHub() {
    EntityAuthority.install(null);
    hub.close();
  }

  @Test
  void anActionRunsOnceRecordsWhoAskedAndIsDeletedAMinuteAfterItCompleted() {
    ManagedClusterActionWorkflow action =
        hub.createAction(action("cluster1", "a1", false), vouched("olga", Roles.OPERATORS, "a1"));
    hub.env().sleep(Duration.ofSeconds(2));

    ArgumentCaptor<ActionRequest> request = ArgumentCaptor.forClass(ActionRequest.class);
    verify(agent).runAction(request.capture());
    ManagedClusterAction seen = action.get();
    assertThat(request.getValue().uid()).isEqualTo(seen.getMetadata().getUid());
    assertThat(request.getValue().actionType()).isEqualTo("Delete");
    assertThat(seen.getMetadata().getAnnotations())
        .containsEntry(ManagedClusterAction.REQUESTED_BY, "olga");
    assertThat(Conditions.isTrue(seen.getStatus().getConditions(), "Completed")).isTrue();

    WorkflowStub.fromTyped(action).getResult(Void.class);
    assertThat(hub.env().currentTimeMillis())
        .as("it ended a minute after it completed")
        .isGreaterThanOrEqualTo(
            java.time.Instant.parse(seen.getMetadata().getCreationTimestamp()).toEpochMilli()
                + 60_000);
  }

  @Test
  void anActionThatNeedsAnApproverRunsOnlyAfterAnApproversApproval() {
    ManagedClusterActionWorkflow action =
        hub.createAction(action("cluster1", "a1", true), vouched("olga", Roles.OPERATORS, "a1"));
    hub.env().sleep(Duration.ofSeconds(5));
    verify(agent, never()).runAction(any());
    assertThat(
            Conditions.reasonOf(
                action.get().getStatus().getConditions(), ManagedClusterAction.CONDITION_APPROVED))
        .isEqualTo("WaitingForApproval");

    assertForbidden(
        () -> action.approve(new ActionApproval(null), vouched("olga", Roles.OPERATORS, "a1")),
        "User \"olga\" cannot create resource \"managedclusteractions/approve\"");
    action.approve(new ActionApproval("ticket 7"), vouched("ann", Roles.APPROVERS, "a1"));
    hub.env().sleep(Duration.ofSeconds(2));

    verify(agent).runAction(any());
    var approved =
        Conditions.find(
                action.get().getStatus().getConditions(), ManagedClusterAction.CONDITION_APPROVED)
            .orElseThrow();
    assertThat(approved.getStatus()).isEqualTo("True");
    assertThat(approved.getMessage()).contains("approved by ann", "ticket 7");
    assertRefused(
        () -> action.approve(new ActionApproval(null), vouched("ann", Roles.APPROVERS, "a1")),
        EntityFailures.CONFLICT,
        "does not wait for an approver: ann approved it");
  }

  @Test
  void anActionNobodyApprovesInTimeCompletesAsExpiredAndDoesNothing() {
    ManagedClusterAction gated = action("cluster1", "a1", true);
    gated.getMetadata().getAnnotations().put(ManagedClusterAction.APPROVAL_TIMEOUT, "30");
    ManagedClusterActionWorkflow action =
        hub.createAction(gated, vouched("olga", Roles.OPERATORS, "a1"));
    hub.env().sleep(Duration.ofSeconds(31));

    verify(agent, never()).runAction(any());
    assertThat(Conditions.find(action.get().getStatus().getConditions(), "Completed").orElseThrow())
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo("ApprovalExpired");
            });
  }

  private Actor vouched(String user, String group, String action) {
    String cluster = "cluster1";
    Actor actor = new Actor(user, List.of(group), null);
    String target = "ManagedClusterAction/" + cluster + "/" + action;
    return SEAL.vouch(
        actor,
        AuthorizationPolicy.grantsOn(target, actor.user(), actor.groups(), DefaultPolicy.policy()),
        target,
        hub.env().currentTimeMillis() + 600_000);
  }

  private static ManagedClusterAction action(String cluster, String name, boolean gated) {
    ManagedClusterAction action = new ManagedClusterAction();
    action.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(cluster)
            .withAnnotations(
                new java.util.HashMap<>(
                    gated ? Map.of(ManagedClusterAction.REQUIRES_APPROVAL, "true") : Map.of()))
            .build());
    ManagedClusterActionSpec spec = new ManagedClusterActionSpec();
    spec.setActionType(ManagedClusterAction.DELETE);
    spec.setKube(new KubeWork("configmaps", "settings", "default", null));
    action.setSpec(spec);
    return action;
  }
}
