package io.fleetflow.workflows.action;

import static io.fleetflow.workflows.Fixtures.ADMIN;
import static io.fleetflow.workflows.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fleetflow.activities.action.ActionAgentActivities;
import io.fleetflow.activities.action.ActionOutcome;
import io.fleetflow.model.action.ActionApproval;
import io.fleetflow.model.action.ActionKinds;
import io.fleetflow.model.action.ManagedClusterAction;
import io.fleetflow.model.action.ManagedClusterActionSet;
import io.fleetflow.model.action.ManagedClusterActionSetSpec;
import io.fleetflow.model.action.ManagedClusterActionSetStatus.Summary;
import io.fleetflow.model.action.ManagedClusterActionSpec;
import io.fleetflow.model.action.ManagedClusterActionSpec.KubeWork;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetSpec.ApprovalGates;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetSpec.LocalPlacementReference;
import io.fleetflow.model.rollout.RolloutStrategy;
import io.fleetflow.workflows.HubTestEnvironment;
import io.fleetflow.workflows.entity.EntityFailures;
import io.fleetflow.workflows.entity.EntityWorkflowOptions;
import io.fleetflow.workflows.placement.PlacementDecisions;
import io.fleetflow.workflows.placement.PlacementDecisions.DecisionGroup;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowUpdateStage;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One action to every cluster of a placement, two clusters at a time: each action's outcome is
 * counted, a failure beyond maxFailures stops the set with the rest still waiting, and a gate
 * before the first stage holds everything until an approver approves.
 */
class ManagedClusterActionSetWorkflowTest {
  private static final List<String> CLUSTERS = List.of("c1", "c2", "c3", "c4", "c5");
  private HubTestEnvironment hub;
  private final Map<String, ActionAgentActivities> agents = new HashMap<>();

  @BeforeEach
  void startHub() {
    hub = new HubTestEnvironment();
    for (String cluster : CLUSTERS) {
      hub.agentFor(cluster);
      ActionAgentActivities agent = hub.actionAgentOf(cluster);
      when(agent.runAction(any()))
          .thenReturn(new ActionOutcome(ManagedClusterAction.REASON_DONE, "done", null));
      agents.put(cluster, agent);
    }
    hub.start();
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  @Test
  void aFailureBeyondMaxFailuresStopsTheSetWithTheRestStillWaiting() {
    fail("c1");
    ManagedClusterActionSetWorkflow set = create(set(null, 0));
    set.placementDecisionsChanged(decisions());
    awaitSettled(set, 2);

    var status = set.get().getStatus();
    assertThat(status.getSummary())
        .as("c1 failed beside c2; nothing started after")
        .isEqualTo(new Summary(5, 1, 1, 0, 3));
    List.of("c3", "c4", "c5").forEach(c -> verify(agents.get(c), never()).runAction(any()));
    var completed =
        Conditions.find(status.getConditions(), ManagedClusterActionSet.CONDITION_COMPLETED)
            .orElseThrow();
    assertThat(completed.getStatus()).isEqualTo("False");
    assertThat(completed.getReason()).isEqualTo("MaxFailuresExceeded");
    assertThat(completed.getMessage()).contains("1 clusters failed, more than maxFailures (0)");
    assertThat(status.getClusters())
        .filteredOn(c -> c.cluster().equals("c1"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.state()).isEqualTo("failed");
              assertThat(c.reason()).isEqualTo("UpdateResourceFailed");
            });
  }

  @Test
  void aToleratedFailureLetsEveryOtherClusterFinish() {
    fail("c3");
    ManagedClusterActionSetWorkflow set = create(set(null, 1));
    set.placementDecisionsChanged(decisions());
    awaitSettled(set, 5);

    var status = set.get().getStatus();
    assertThat(status.getSummary()).isEqualTo(new Summary(5, 4, 1, 0, 0));
    var completed =
        Conditions.find(status.getConditions(), ManagedClusterActionSet.CONDITION_COMPLETED)
            .orElseThrow();
    assertThat(completed.getReason()).isEqualTo("SomeClustersFailed");
    assertThat(completed.getMessage()).contains("1 of 5 clusters failed");
  }

  @Test
  void aGateBeforeTheFirstStageHoldsEveryClusterUntilAnApproverApproves() {
    ManagedClusterActionSetWorkflow set =
        create(set(new ApprovalGates(true, false, null, null), 0));
    set.placementDecisionsChanged(decisions());
    hub.env().sleep(Duration.ofSeconds(5));

    assertThat(set.get().getStatus().getWaitingGate()).isNotNull();
    assertThat(set.get().getStatus().getSummary().waiting()).isEqualTo(5);
    CLUSTERS.forEach(c -> verify(agents.get(c), never()).runAction(any()));

    set.approve(new ActionApproval("go"), ADMIN);
    awaitSettled(set, 5);
    assertThat(set.get().getStatus().getSummary().done()).isEqualTo(5);
    assertThat(
            Conditions.isTrue(
                set.get().getStatus().getConditions(), ManagedClusterActionSet.CONDITION_COMPLETED))
        .isTrue();
    assertRefused(
        () -> set.approve(new ActionApproval(null), ADMIN),
        EntityFailures.CONFLICT,
        "has no gate that waits");
  }

  private void fail(String cluster) {
    when(agents.get(cluster).runAction(any()))
        .thenReturn(
            new ActionOutcome(
                ManagedClusterAction.REASON_UPDATE_FAILED, "settings does not exist", null));
  }

  /**
   * Waits until this many clusters' actions reported: each one is a chain of workflows and
   * activities that the test server runs in real time, so a skipped timer is no wait.
   */
  private void awaitSettled(ManagedClusterActionSetWorkflow set, int reported) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      var summary = set.get().getStatus().getSummary();
      if (summary.done() + summary.failed() >= reported) {
        hub.env().sleep(Duration.ofSeconds(2));
        return;
      }
      hub.env().sleep(Duration.ofMillis(200));
    }
  }

  private ManagedClusterActionSetWorkflow create(ManagedClusterActionSet set) {
    ManagedClusterActionSetWorkflow workflow =
        hub.client()
            .newWorkflowStub(
                ManagedClusterActionSetWorkflow.class,
                EntityWorkflowOptions.forObject(
                    ActionKinds.MANAGED_CLUSTER_ACTION_SET, "ops", set.getMetadata().getName()));
    WorkflowClient.executeUpdateWithStart(
        workflow::create,
        set,
        ADMIN,
        UpdateOptions.<ManagedClusterActionSet>newBuilder()
            .setWaitForStage(WorkflowUpdateStage.COMPLETED)
            .build(),
        new WithStartWorkflowOperation<>(workflow::run, (ManagedClusterActionSetState) null));
    return workflow;
  }

  private static PlacementDecisions decisions() {
    return new PlacementDecisions(
        "ops", "fleet", 1, true, List.of(new DecisionGroup(0, "", CLUSTERS)));
  }

  private static ManagedClusterActionSet set(ApprovalGates gates, int maxFailures) {
    ManagedClusterActionSet set = new ManagedClusterActionSet();
    set.setMetadata(new ObjectMetaBuilder().withName("flip").withNamespace("ops").build());
    ManagedClusterActionSetSpec spec = new ManagedClusterActionSetSpec();
    ManagedClusterActionSpec template = new ManagedClusterActionSpec();
    template.setActionType(ManagedClusterAction.DELETE);
    template.setKube(new KubeWork("configmaps", "settings", "default", null));
    spec.setActionTemplate(template);
    spec.setPlacementRef(
        new LocalPlacementReference(
            "fleet",
            new RolloutStrategy(
                RolloutStrategy.PROGRESSIVE,
                null,
                new RolloutStrategy.RolloutProgressive(
                    null, new IntOrString(2), null, null, new IntOrString(maxFailures)),
                null)));
    spec.setApprovalGates(gates);
    set.setSpec(spec);
    return set;
  }
}
