package io.fleetflow.workflows.rollout;

import static io.fleetflow.workflows.Fixtures.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fleetflow.activities.hub.GeneratedWorkActivities.AppliedWork;
import io.fleetflow.activities.hub.GeneratedWorkActivities.GeneratedWork;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetSpec;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetSpec.ApprovalGates;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetSpec.LocalPlacementReference;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.ClusterStatus;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.RolloutStatus;
import io.fleetflow.model.rollout.RolloutKinds;
import io.fleetflow.model.rollout.RolloutStrategy;
import io.fleetflow.model.rollout.RolloutStrategy.RolloutProgressive;
import io.fleetflow.workflows.Fixtures;
import io.fleetflow.workflows.HubTestEnvironment;
import io.fleetflow.workflows.work.WorkOwners;
import io.fleetflow.workflows.work.WorkOwners.StatusReport;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rollouts of a replica set with the generated works played by a mock: the mock records every apply
 * and delete, and answers with the conditions the scenario wants (healthy, degraded, or none yet,
 * in which case the scenario reports the work's status by signal as the ManifestWork workflow
 * would).
 */
class ManifestWorkReplicaSetWorkflowTest {
  private static final Actor APPROVER = new Actor("alice", List.of("fleetflow:approvers"), null);
  private static final String NS = "apps";
  private static final String NAME = "hello";

  private HubTestEnvironment hub;
  private final List<String> applied = Collections.synchronizedList(new ArrayList<>());
  private final List<String> deleted = Collections.synchronizedList(new ArrayList<>());
  private final List<GeneratedWork> generated = Collections.synchronizedList(new ArrayList<>());
  private final Set<String> degraded = Collections.synchronizedSet(new HashSet<>());
  private volatile boolean reportsLater;
  private volatile boolean reportsDuringApply;

  @BeforeEach
  void startHub() {
    hub = new HubTestEnvironment();
    when(hub.generatedWorks().apply(any()))
        .thenAnswer(
            call -> {
              GeneratedWork work = call.getArgument(0);
              generated.add(work);
              applied.add(work.cluster() + "@" + work.revision());
              long generation = work.revision();
              if (reportsDuringApply) {
                report(work.cluster(), generation, true);
              }
              return new AppliedWork(
                  generation,
                  reportsLater
                      ? List.of()
                      : conditions(!degraded.contains(work.cluster()), generation),
                  true);
            });
    when(hub.generatedWorks().delete(anyString(), anyString(), any()))
        .thenAnswer(
            call -> {
              deleted.add(call.getArgument(0));
              return true;
            });
    when(hub.generatedWorks().gone(anyString(), anyString())).thenReturn(true);
    hub.start();
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  @Test
  void allRollsOutToEveryClusterAtOnceWithOcmsNamesLabelsAndStatus() {
    ManifestWorkReplicaSetWorkflow rollout = create(set(RolloutStrategy.DEFAULT, null, false));
    decide("c1", "c2", "c3");
    settle();

    assertThat(applied).containsExactlyInAnyOrder("c1@1", "c2@1", "c3@1");
    GeneratedWork work = generated.getFirst();
    assertThat(work.name()).isEqualTo(NAME);
    assertThat(work.labels())
        .containsEntry(WorkOwners.REPLICA_SET_LABEL, "apps.hello")
        .containsEntry(ManifestWorkReplicaSet.PLACEMENT_LABEL, "web")
        .containsEntry("team", "blue");
    ManifestWorkReplicaSet set = rollout.get();
    assertThat(set.getStatus().getRollout().phase()).isEqualTo("Succeeded");
    assertThat(set.getStatus().getSummary().desiredTotal()).isEqualTo(3);
    assertThat(set.getStatus().getSummary().updated()).isEqualTo(3);
    assertThat(set.getStatus().getSummary().applied()).isEqualTo(3);
    assertThat(set.getStatus().getPlacementSummary().getFirst().availableDecisionGroups())
        .isEqualTo("1 (3 / 3 clusters applied)");
    assertThat(condition(set, ManifestWorkReplicaSet.CONDITION_PLACEMENT_VERIFIED).getReason())
        .isEqualTo("AsExpected");
    assertThat(condition(set, ManifestWorkReplicaSet.CONDITION_PLACEMENT_ROLLED_OUT).getStatus())
        .isEqualTo(Conditions.TRUE);
    assertThat(condition(set, ManifestWorkReplicaSet.CONDITION_MANIFESTWORK_APPLIED).getReason())
        .isEqualTo("AsExpected");
  }

  @Test
  void aStageOfManyClustersIsAppliedInOneActivityPerHundredClusters() {
    ManifestWorkReplicaSetWorkflow rollout = create(set(RolloutStrategy.DEFAULT, null, false));
    decide(IntStream.rangeClosed(1, 250).mapToObj(i -> "c" + i).toArray(String[]::new));
    settle();

    assertThat(applied).hasSize(250);
    assertThat(rollout.get().getStatus().getRollout().phase()).isEqualTo("Succeeded");
    List<String> scheduled =
        history().stream()
            .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
            .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
            .filter(type -> type.startsWith("ApplyGeneratedWork"))
            .toList();
    assertThat(scheduled)
        .containsExactly("ApplyGeneratedWorks", "ApplyGeneratedWorks", "ApplyGeneratedWorks");
  }

  @Test
  void aSucceededRolloutSleepsUntilSomethingChangesInsteadOfWakingEveryResync() {
    hub.placementStandIn(NS, "web");
    ManifestWorkReplicaSetWorkflow rollout = create(set(RolloutStrategy.DEFAULT, null, false));
    decide("c1", "c2");
    settle();
    assertThat(rollout.get().getStatus().getRollout().phase()).isEqualTo("Succeeded");
    int before = history().size();

    hub.env().sleep(Duration.ofMinutes(30));

    assertThat(history().subList(before, history().size()))
        .extracting(HistoryEvent::getEventType)
        .doesNotContain(EventType.EVENT_TYPE_TIMER_FIRED, EventType.EVENT_TYPE_TIMER_STARTED);
    // A cluster that joins wakes it at once.
    decide("c1", "c2", "c3");
    settle();
    assertThat(applied).contains("c3@1");
  }

  @Test
  void aClusterWhoseWorkIsRefusedFailsAloneInItsBatch() {
    doThrow(ApplicationFailure.newFailure("earlier copy still deleting", "GeneratedWorkRefused"))
        .when(hub.generatedWorks())
        .apply(argThat(work -> work != null && work.cluster().equals("c2")));
    ManifestWorkReplicaSetWorkflow rollout = create(set(RolloutStrategy.DEFAULT, null, false));
    decide("c1", "c2", "c3");
    settle();

    assertThat(applied).containsExactlyInAnyOrder("c1@1", "c3@1");
    assertThat(cluster(rollout, "c2").state()).isEqualTo("failed");
    assertThat(cluster(rollout, "c2").message())
        .startsWith("could not generate the work:")
        .contains("earlier copy still deleting");
    assertThat(cluster(rollout, "c1").state()).isNotEqualTo("failed");
  }

  @Test
  void withoutDecisionsThePlacementIsNotVerifiedAndNothingIsApplied() {
    ManifestWorkReplicaSetWorkflow rollout = create(set(RolloutStrategy.DEFAULT, null, false));
    settle();

    assertThat(applied).isEmpty();
    assertThat(condition(rollout.get(), ManifestWorkReplicaSet.CONDITION_PLACEMENT_VERIFIED))
        .extracting(Condition::getStatus, Condition::getReason)
        .containsExactly(Conditions.FALSE, "PlacementDecisionNotFound");
  }

  @Test
  void progressiveStartsTheNextClusterOnlyWhenAWindowSlotFrees() {
    reportsLater = true;
    ManifestWorkReplicaSetWorkflow rollout = create(set(progressive(1, null), null, false));
    decide("c1", "c2", "c3");
    settle();
    assertThat(applied).containsExactly("c1@1");
    assertThat(cluster(rollout, "c1").state()).isEqualTo("applying");
    assertThat(rollout.get().getStatus().getRollout().currentStage()).isEqualTo("web/batch-1");

    report("c1", 1, true);
    settle();
    assertThat(applied).containsExactly("c1@1", "c2@1");
    assertThat(cluster(rollout, "c1").state()).isEqualTo("succeeded");

    report("c2", 1, true);
    report("c3", 1, true);
    settle();
    report("c3", 1, true);
    settle();
    assertThat(applied).containsExactly("c1@1", "c2@1", "c3@1");
    assertThat(rollout.get().getStatus().getRollout().phase()).isEqualTo("Succeeded");
  }

  @Test
  void aReportSignalledWhileTheApplyActivityRunsIsNotOverwrittenByItsOlderConditions() {
    reportsLater = true;
    reportsDuringApply = true;
    ManifestWorkReplicaSetWorkflow rollout = create(set(RolloutStrategy.DEFAULT, null, false));
    decide("c1", "c2");
    settle();

    assertThat(rollout.get().getStatus().getRollout().phase()).isEqualTo("Succeeded");
  }

  @Test
  void aClusterWithoutSuccessTimesOutAtTheProgressDeadlineAndFreesItsSlot() {
    reportsLater = true;
    ManifestWorkReplicaSetWorkflow rollout =
        create(
            set(
                new RolloutStrategy(
                    RolloutStrategy.PROGRESSIVE,
                    null,
                    new RolloutProgressive(
                        null, new IntOrString(1), null, "10m", new IntOrString(1)),
                    null),
                null,
                false));
    decide("c1", "c2");
    settle();
    assertThat(applied).containsExactly("c1@1");

    hub.env().sleep(Duration.ofMinutes(11));

    assertThat(cluster(rollout, "c1").state()).isEqualTo("timedOut");
    assertThat(applied).containsExactly("c1@1", "c2@1");

    // A timed-out cluster whose work succeeds after all counts as succeeded.
    report("c2", 1, true);
    report("c1", 1, true);
    settle();
    assertThat(cluster(rollout, "c1").state()).isEqualTo("succeeded");
    assertThat(rollout.get().getStatus().getRollout().phase()).isEqualTo("Succeeded");
  }

  @Test
  void gatesHoldEveryStageUntilAnApproverApprovesAndRecordWhatTheySaw() {
    ManifestWorkReplicaSetWorkflow rollout =
        create(set(progressive(2, null), new ApprovalGates(true, true, null, null), false));
    decide("c1", "c2", "c3", "c4");
    settle();
    assertThat(applied).isEmpty();
    assertThat(rollout.get().getStatus().getRollout().phase()).isEqualTo("WaitingForApproval");
    assertThat(rollout.get().getStatus().getRollout().waitingGate().stageName())
        .isEqualTo("batch-1");

    rollout.approve(new RolloutCommand("canary looks fine", null, null), APPROVER);
    settle();
    assertThat(applied).containsExactlyInAnyOrder("c1@1", "c2@1");
    assertThat(rollout.get().getStatus().getRollout().waitingGate().stageName())
        .isEqualTo("batch-2");

    rollout.approve(new RolloutCommand("go", null, null), APPROVER);
    settle();
    assertThat(applied).containsExactlyInAnyOrder("c1@1", "c2@1", "c3@1", "c4@1");
    RolloutStatus status = rollout.get().getStatus().getRollout();
    assertThat(status.phase()).isEqualTo("Succeeded");
    assertThat(status.approvals())
        .extracting(a -> a.user(), a -> a.stageName(), a -> a.comment())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("alice", "batch-1", "canary looks fine"),
            org.assertj.core.groups.Tuple.tuple("alice", "batch-2", "go"));
    assertThat(status.approvals().get(1).finishedStages())
        .singleElement()
        .satisfies(s -> assertThat(s.succeeded()).isEqualTo(2));
    assertThat(rollout.history().events()).extracting(RolloutEvent::type).contains("GateApproved");

    assertThatThrownBy(() -> rollout.approve(new RolloutCommand(null, null, null), APPROVER))
        .isInstanceOf(WorkflowUpdateException.class)
        .hasStackTraceContaining("Conflict: no approval gate is waiting");
  }

  @Test
  void anExpiredGateAbortsOrPausesAsConfigured() {
    ManifestWorkReplicaSetWorkflow aborting =
        create(set(RolloutStrategy.DEFAULT, new ApprovalGates(true, null, "1h", "Abort"), false));
    decide("c1");
    settle();
    assertThat(aborting.get().getStatus().getRollout().waitingGate().expiresAt()).isNotNull();

    hub.env().sleep(Duration.ofMinutes(61));

    assertThat(aborting.get().getStatus().getRollout().phase()).isEqualTo("Aborted");
    assertThat(aborting.history().events()).extracting(RolloutEvent::type).contains("GateExpired");
    assertThat(applied).isEmpty();
  }

  @Test
  void anExpiredGateThatPausesOpensAgainOnResume() {
    ManifestWorkReplicaSetWorkflow rollout =
        create(set(RolloutStrategy.DEFAULT, new ApprovalGates(true, null, "30m", null), false));
    decide("c1");
    settle();
    hub.env().sleep(Duration.ofMinutes(31));
    assertThat(rollout.get().getStatus().getRollout().phase()).isEqualTo("Paused");

    rollout.resume(new RolloutCommand(null, null, null), ADMIN);
    settle();
    assertThat(rollout.get().getStatus().getRollout().phase()).isEqualTo("WaitingForApproval");
    rollout.approve(new RolloutCommand("now", null, null), APPROVER);
    settle();
    assertThat(applied).containsExactly("c1@1");
  }

  @Test
  void pauseStopsNewClustersAndResumeContinues() {
    reportsLater = true;
    ManifestWorkReplicaSetWorkflow rollout = create(set(progressive(1, null), null, false));
    decide("c1", "c2");
    settle();
    rollout.pause(new RolloutCommand("investigating", null, null), ADMIN);
    report("c1", 1, true);
    settle();
    assertThat(applied).containsExactly("c1@1");
    assertThat(rollout.get().getStatus().getRollout().phase()).isEqualTo("Paused");
    assertThatThrownBy(() -> rollout.pause(new RolloutCommand(null, null, null), ADMIN))
        .hasStackTraceContaining("Conflict");

    rollout.resume(new RolloutCommand(null, null, null), ADMIN);
    settle();
    assertThat(applied).containsExactly("c1@1", "c2@1");
  }

  @Test
  void abortWithRollbackReturnsTheChangedClustersInReverseOrder() {
    ManifestWorkReplicaSetWorkflow rollout = create(set(RolloutStrategy.DEFAULT, null, false));
    decide("c1", "c2", "c3");
    settle();
    reportsLater = true;
    changeTemplate(rollout, "v2", progressive(2, null));
    settle();
    assertThat(applied.subList(3, applied.size())).containsExactlyInAnyOrder("c1@2", "c2@2");
    // Only a cluster's first work is created without being read first.
    assertThat(generated.subList(0, 3)).allMatch(GeneratedWork::firstApply);
    assertThat(generated.subList(3, generated.size())).noneMatch(GeneratedWork::firstApply);

    rollout.abort(new RolloutCommand("bad image", true, null), ADMIN);
    settle();

    assertThat(applied.subList(5, applied.size())).containsExactly("c2@1", "c1@1");
    RolloutStatus status = rollout.get().getStatus().getRollout();
    assertThat(status.phase()).isEqualTo("RolledBack");
    assertThat(status.clusters())
        .extracting(ClusterStatus::cluster, ClusterStatus::state, ClusterStatus::revision)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("c1", "rolledBack", 1L),
            org.assertj.core.groups.Tuple.tuple("c2", "rolledBack", 1L),
            org.assertj.core.groups.Tuple.tuple("c3", "waiting", 1L));
    assertThatThrownBy(() -> rollout.abort(new RolloutCommand(null, null, null), ADMIN))
        .hasStackTraceContaining("Conflict");
  }

  @Test
  void aMaxFailuresBreachRollsBackAutomaticallyWhenAsked() {
    ManifestWorkReplicaSetWorkflow rollout = create(set(progressive(1, null), null, true));
    decide("c1", "c2", "c3");
    settle();
    degraded.add("c2");
    changeTemplate(rollout, "v2", progressive(1, null));
    settle();

    assertThat(applied).containsExactly("c1@1", "c2@1", "c3@1", "c1@2", "c2@2", "c2@1", "c1@1");
    assertThat(rollout.get().getStatus().getRollout().phase()).isEqualTo("RolledBack");
    assertThat(rollout.history().events())
        .extracting(RolloutEvent::type)
        .contains("MaxFailuresBreached", "RolledBack");
  }

  @Test
  void aMaxFailuresBreachWithoutAutomaticRollbackHaltsTheRollout() {
    degraded.add("c1");
    ManifestWorkReplicaSetWorkflow rollout = create(set(progressive(1, null), null, false));
    decide("c1", "c2");
    settle();

    assertThat(applied).containsExactly("c1@1");
    assertThat(rollout.get().getStatus().getRollout().phase()).isEqualTo("Failed");
    assertThat(rollout.get().getStatus().getRollout().message())
        .startsWith("placement web: 1 clusters failed or timed out, more than maxFailures 0");
    assertThat(
            condition(rollout.get(), ManifestWorkReplicaSet.CONDITION_MANIFESTWORK_APPLIED)
                .getReason())
        .isEqualTo("NotAsExpected");

    // Later reconciles see the same breach; the history tells it once.
    hub.env().sleep(Duration.ofMinutes(3));
    assertThat(rollout.history().events())
        .filteredOn(e -> e.type().equals("MaxFailuresBreached"))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("autoRollback is off"));
    assertThat(applied).containsExactly("c1@1");
  }

  @Test
  void anApprovalFromACallerWithoutTheApproverRoleIsRefusedEvenPastTheGateway() {
    ManifestWorkReplicaSetWorkflow rollout =
        create(set(RolloutStrategy.DEFAULT, new ApprovalGates(true, null, null, null), false));
    decide("c1");
    settle();

    Actor operator = new Actor("olga", List.of("fleetflow:operators"), null);
    assertThatThrownBy(() -> rollout.approve(new RolloutCommand("me", null, null), operator))
        .isInstanceOf(WorkflowUpdateException.class)
        .hasStackTraceContaining(
            "User \"olga\" cannot create resource \"manifestworkreplicasets/approve\" in API"
                + " group \"work.open-cluster-management.io\" in the namespace");
    settle();
    assertThat(applied).isEmpty();
    assertThat(rollout.get().getStatus().getRollout().approvals()).isNullOrEmpty();

    rollout.approve(new RolloutCommand("ok", null, null), ADMIN);
    settle();
    assertThat(applied).containsExactly("c1@1");
  }

  @Test
  void removingTheApprovalGatesWhileAGateWaitsNeedsTheApproversRightEvenPastTheGateway() {
    ManifestWorkReplicaSetWorkflow rollout =
        create(set(RolloutStrategy.DEFAULT, new ApprovalGates(true, null, null, null), false));
    decide("c1");
    settle();
    assertThat(rollout.get().getStatus().getRollout().waitingGate()).isNotNull();

    Actor operator = new Actor("olga", List.of("fleetflow:operators"), null);
    ManifestWorkReplicaSet ungated = rollout.get();
    ungated.getMetadata().setResourceVersion(null);
    ungated.getSpec().setApprovalGates(null);
    assertThatThrownBy(() -> rollout.apply(ungated, operator))
        .isInstanceOf(WorkflowUpdateException.class)
        .hasStackTraceContaining(
            "User \"olga\" cannot create resource \"manifestworkreplicasets/approve\"");
    settle();
    assertThat(applied).isEmpty();
    assertThat(rollout.get().getSpec().getApprovalGates()).isNotNull();

    // The same operator may still change what is not a decision, such as a label.
    ManifestWorkReplicaSet labelled = rollout.get();
    labelled.getMetadata().setResourceVersion(null);
    labelled.getMetadata().setLabels(java.util.Map.of("team", "green"));
    rollout.apply(labelled, operator);
    settle();
    assertThat(applied).isEmpty();

    Actor approver =
        new Actor("alice", List.of("fleetflow:approvers", "fleetflow:operators"), null);
    ManifestWorkReplicaSet approved = rollout.get();
    approved.getMetadata().setResourceVersion(null);
    approved.getSpec().setApprovalGates(null);
    rollout.apply(approved, approver);
    settle();
    assertThat(applied).containsExactly("c1@1");
  }

  @Test
  void undoMakesAKeptRevisionTheCurrentTemplateAgain() {
    ManifestWorkReplicaSetWorkflow rollout = create(set(RolloutStrategy.DEFAULT, null, false));
    decide("c1");
    settle();
    changeTemplate(rollout, "v2", RolloutStrategy.DEFAULT);
    settle();

    rollout.undo(new RolloutCommand(null, null, 1L), ADMIN);
    settle();

    assertThat(applied).containsExactly("c1@1", "c1@2", "c1@3");
    assertThat(generated.get(2).spec().getWorkload().manifests().getFirst().getMetadata().getName())
        .isEqualTo(
            generated.get(0).spec().getWorkload().manifests().getFirst().getMetadata().getName());
    assertThat(rollout.history().revisions())
        .extracting(r -> r.cause())
        .containsExactly("created", "template changed", "undo to revision 1");
    assertThatThrownBy(() -> rollout.undo(new RolloutCommand(null, null, 9L), ADMIN))
        .hasStackTraceContaining("revision 9 is not kept");
  }

  @Test
  void clustersLeavingThePlacementLoseTheirWorkAndJoiningOnesGetIt() {
    ManifestWorkReplicaSetWorkflow rollout = create(set(RolloutStrategy.DEFAULT, null, false));
    decide("c1", "c2");
    settle();
    decide("c2", "c3");
    settle();

    assertThat(deleted).containsExactly("c1");
    assertThat(applied).containsExactlyInAnyOrder("c1@1", "c2@1", "c3@1");
    assertThat(rollout.get().getStatus().getRollout().clusters())
        .extracting(ClusterStatus::cluster)
        .containsExactly("c2", "c3");
  }

  @Test
  void deletionDeletesEveryGeneratedWork() {
    ManifestWorkReplicaSetWorkflow rollout = create(set(RolloutStrategy.DEFAULT, null, false));
    decide("c1", "c2");
    settle();

    rollout.delete(ADMIN);
    awaitEnd();

    assertThat(deleted).containsExactlyInAnyOrder("c1", "c2");
  }

  @Test
  void foregroundDeletionEndsOnlyWhenEveryGeneratedWorkIsGone() {
    AtomicInteger goneChecks = new AtomicInteger();
    // The first look finds both works still there; the second, after a poll, finds them gone.
    when(hub.generatedWorks().gone(anyString(), anyString()))
        .thenAnswer(call -> goneChecks.incrementAndGet() > 2);
    ManifestWorkReplicaSet set = set(RolloutStrategy.DEFAULT, null, false);
    set.getSpec().setCascadeDeletionPolicy(ManifestWorkReplicaSetSpec.FOREGROUND);
    ManifestWorkReplicaSetWorkflow rollout = create(set);
    decide("c1", "c2");
    settle();

    rollout.delete(ADMIN);
    awaitEnd();

    assertThat(deleted).containsExactlyInAnyOrder("c1", "c2");
    assertThat(goneChecks).hasValue(4);
  }

  @Test
  void backgroundDeletionEndsWithoutWaitingForTheWorksToBeGone() {
    ManifestWorkReplicaSet set = set(RolloutStrategy.DEFAULT, null, false);
    set.getSpec().setCascadeDeletionPolicy(ManifestWorkReplicaSetSpec.BACKGROUND);
    ManifestWorkReplicaSetWorkflow rollout = create(set);
    decide("c1", "c2");
    settle();

    rollout.delete(ADMIN);
    awaitEnd();

    assertThat(deleted).containsExactlyInAnyOrder("c1", "c2");
    verify(hub.generatedWorks(), never()).gone(anyString(), anyString());
  }

  // ------------------------------------------------------------------------------------------

  private static RolloutStrategy progressive(int maxConcurrency, String mandatory) {
    return new RolloutStrategy(
        RolloutStrategy.PROGRESSIVE,
        null,
        new RolloutProgressive(
            mandatory == null
                ? null
                : List.of(new RolloutStrategy.MandatoryDecisionGroup(mandatory, null)),
            new IntOrString(maxConcurrency),
            null,
            null,
            null),
        null);
  }

  private static ManifestWorkReplicaSet set(
      RolloutStrategy strategy, ApprovalGates gates, boolean autoRollback) {
    return Fixtures.replicaSet(strategy, gates, autoRollback);
  }

  private ManifestWorkReplicaSetWorkflow create(ManifestWorkReplicaSet set) {
    return hub.createReplicaSet(set, ADMIN);
  }

  private void changeTemplate(
      ManifestWorkReplicaSetWorkflow rollout, String configMapName, RolloutStrategy strategy) {
    ManifestWorkReplicaSet set = rollout.get();
    set.getMetadata().setResourceVersion(null);
    set.getSpec()
        .getManifestWorkTemplate()
        .getWorkload()
        .manifests()
        .getLast()
        .getMetadata()
        .setName(configMapName);
    set.getSpec().setPlacementRefs(List.of(new LocalPlacementReference("web", strategy)));
    rollout.apply(set, ADMIN);
  }

  /** The placement's decisions, as the Placement workflow would signal them. */
  private void decide(String... clusters) {
    hub.decide(NS, NAME, clusters);
  }

  /** A generated work's status, as the ManifestWork workflow would signal it. */
  private void report(String cluster, long generation, boolean healthy) {
    hub.client()
        .newUntypedWorkflowStub(RolloutKinds.MANIFEST_WORK_REPLICA_SET.workflowId(NS, NAME))
        .signal(
            WorkOwners.STATUS_CHANGED,
            new StatusReport(cluster, NAME, generation, conditions(healthy, generation), false));
  }

  private static List<Condition> conditions(boolean healthy, long generation) {
    return Fixtures.workConditions(healthy, generation);
  }

  /** Waits for the replica set's workflow to end, as it does once its deletion is done. */
  private void awaitEnd() {
    hub.client()
        .newUntypedWorkflowStub(RolloutKinds.MANIFEST_WORK_REPLICA_SET.workflowId(NS, NAME))
        .getResult(Void.class);
  }

  /** Lets the workflow react: the test server runs it until it waits on a timer again. */
  private void settle() {
    hub.env().sleep(Duration.ofSeconds(2));
  }

  private List<HistoryEvent> history() {
    return hub.client()
        .fetchHistory(RolloutKinds.MANIFEST_WORK_REPLICA_SET.workflowId(NS, NAME))
        .getEvents();
  }

  private static ClusterStatus cluster(ManifestWorkReplicaSetWorkflow rollout, String name) {
    return rollout.get().getStatus().getRollout().clusters().stream()
        .filter(c -> c.cluster().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static Condition condition(ManifestWorkReplicaSet set, String type) {
    return Conditions.find(set.getStatus().getConditions(), type).orElseThrow();
  }
}
