package io.fleetflow.workflows.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetflow.workflows.action.ManagedClusterActionWorkflowImpl;
import io.fleetflow.workflows.addon.ManagedClusterAddOnWorkflowImpl;
import io.fleetflow.workflows.cluster.ClusterLivenessWorkflowImpl;
import io.fleetflow.workflows.cluster.ManagedClusterWorkflowImpl;
import io.fleetflow.workflows.clusterset.ManagedClusterSetBindingWorkflowImpl;
import io.fleetflow.workflows.clusterset.ManagedClusterSetWorkflowImpl;
import io.fleetflow.workflows.placement.AddOnPlacementScoreWorkflowImpl;
import io.fleetflow.workflows.placement.PlacementWorkflowImpl;
import io.fleetflow.workflows.rollout.ManifestWorkReplicaSetWorkflowImpl;
import io.fleetflow.workflows.takeover.ClusterTakeoverProfileWorkflowImpl;
import io.fleetflow.workflows.takeover.ClusterTakeoverWorkflowImpl;
import io.fleetflow.workflows.view.ManagedClusterViewWorkflowImpl;
import io.fleetflow.workflows.work.ManifestWorkWorkflowImpl;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Today's workflow code replays the histories that earlier versions recorded, so executions that
 * are running while a new hub is deployed continue where they were. A change that breaks this must
 * be guarded with {@code Workflow.getVersion}.
 */
class ReplayTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        // ManagedCluster at version 1 of "onboarding" and 2 of "takeover" (the supported ones).
        "managedcluster-join-accept-lease-delete.json",
        "managedcluster-onboarding-auto-approval-lease-deny-delete.json",
        "managedcluster-onboarding-expiry.json",
        "managedcluster-notifies-placements.json",
        // Notices sent in the background, the deletion's awaited (version 1 of
        // "notify-placements-in-background"), by a cluster and by a set.
        "managedcluster-notifies-placements-in-background.json",
        "managedclusterset-notifies-placements-change-delete.json",
        // An idle set that re-checks every 20 s, and one that re-checks at the placements' pace
        // (version 1 of "set-resync-with-placements").
        "managedclusterset-idle-resync-every-20s.json",
        "managedclusterset-idle-resync-with-placements.json",
        // A set that tells its bindings ("tell-bindings"); a binding that looked for its set
        // every 20 s, and one that waits for those notices ("binding-told-by-set").
        "managedclusterset-tells-bindings.json",
        "managedclustersetbinding-idle-every-20s.json",
        "managedclustersetbinding-told-by-set.json",
        // An idle takeover profile that wakes every 20 s, and one that sleeps (version 1 of
        // "profile-sleeps-when-idle").
        "clustertakeoverprofile-idle-every-20s.json",
        "clustertakeoverprofile-idle-sleeps.json",
        // A first join answered accepted, after the rules saw it (version 1 of
        // "join-awaits-auto-approval").
        "managedcluster-join-answered-after-auto-approval.json",
        // A pending cluster that starts a new run under large writes (version 1 of
        // "continue-as-new-in-every-phase"); compressed, as its writes repeat one character.
        "managedcluster-pending-continues-as-new.json.gz",
        // An auto-approval that lands while the join's certificate request is stored: the request
        // hears of it (version 1 of "csr-accepted-while-storing").
        "managedcluster-csr-accepted-while-storing.json",
        // A change a handler made, published by the thread that follows the object (version 1 of
        // "publish-every-change").
        "managedcluster-follow-changes-name-conflict.json",
        // An idle cluster's agent found alive by its polls, lost, found again, then back on
        // renewals under a short lease (version 1 of "liveness-by-pollers"), and the sweep that
        // watched it.
        "managedcluster-liveness-by-polls.json",
        // The agent's standing published in a memo as the lease changes and the cluster is
        // denied (version 1 of "agent-standing-memo").
        "managedcluster-agent-standing-memo.json",
        "cluster-liveness-sweep.json",
        "manifestwork-apply-change-delete.json",
        // Drift corrections, owner reports and selective orphaning ("cluster-changes",
        // "work-ownership", "owner-reports").
        "manifestwork-drift-owner-selective-orphan.json",
        // Owner reports by local activity (version 2 of "owner-reports").
        "manifestwork-owner-notice-by-local-activity.json",
        "manifestworkreplicaset-gates-change-abort-rollback-delete.json",
        // A stage's clusters launched in batches ("launch-in-batches").
        "manifestworkreplicaset-batched-launch-change-delete.json",
        // A succeeded rollout sleeps an hour instead of every resync ("idle-when-done").
        "manifestworkreplicaset-idle-when-done.json",
        // A replica set that holds its works (version 1 of "works-held-by-replica-set"): applied
        // by the agents, a drift corrected, a new revision, a forced release, and deletion.
        "manifestworkreplicaset-held-works.json",
        // The same since the resources a revision drops are deleted on every cluster at once
        // (version 1 of "held-leftovers-removed-together"); the one above deletes one at a time.
        "manifestworkreplicaset-held-works-leftovers-together.json",
        // A score re-checked every 20 s, and one that sleeps while idle (version 1 of
        // "score-sleeps-when-idle"); recorded when that change came, replayed since 2026-12-07.
        "addonplacementscore-recheck-change-delete.json",
        "addonplacementscore-idle-change-delete.json",
        "placement-reschedule-toleration-delete.json",
        // The same with a round's inputs read by local activity (version 1 of
        // "read-inputs-locally").
        "placement-local-read-reschedule-toleration-delete.json",
        // Takeover in the background (version 2 of "takeover"), its install and release children,
        // and a forced release that tells a stuck ManifestWork to orphan ("orphan-works").
        "managedcluster-takeover-deny-release-delete.json",
        "clustertakeover-install.json",
        "clustertakeover-release.json",
        "clustertakeover-forced-release-orphans-works.json",
        // The whole profile in one agent call (version 1 of "install-in-one-batch").
        "clustertakeover-install-in-one-batch.json",
        // A view that follows its object, changes scope, resyncs and is deleted; an action that
        // waits for approval, runs and deletes itself.
        "managedclusterview-watch-change-resync-delete.json",
        "managedclusteraction-approve-run-delete.json",
        // An add-on applied, rolled to revision 2 and back to 1 (its kept render), and removed
        // with its pre-delete hook; a release that removes the cluster's add-ons first (version 1
        // of "release-add-ons").
        "managedclusteraddon-apply-rollout-rollback-hook-delete.json",
        // An add-on's registration: bound, certified, renewed, unbound (version 1 of
        // "addon-registration").
        "managedclusteraddon-registration-renew-delete.json",
        "clustertakeover-release-add-ons.json",
        // Recorded on a dev server from an execution that started before waits were labelled
        // (version DEFAULT of "labelled-waits"); it must replay on today's code.
        "v0-manifestwork-cluster1-hello.json"
      })
  void recordedHistoriesReplayWithoutNonDeterminism(String file) throws Exception {
    replay(read(file));
  }

  /**
   * Histories of retired generations (DEFAULT of "onboarding", DEFAULT of "takeover") no longer
   * replay: the version check refuses them by name, so an execution that is still at such a
   * generation stops with its workflow task failing instead of silently taking today's path.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "retired/v0-managedcluster-cluster1.json",
        "retired/managedcluster-join-accept-lease-delete.json",
        "retired/managedcluster-onboarding-auto-approval-lease-deny-delete.json",
        "retired/managedcluster-onboarding-expiry.json",
        "retired/managedcluster-notifies-placements.json"
      })
  void historiesOfRetiredGenerationsFailLoudly(String file) throws Exception {
    WorkflowExecutionHistory history = read(file);

    assertThatThrownBy(() -> replay(history)).hasStackTraceContaining("is not supported");
  }

  private static void replay(WorkflowExecutionHistory history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        history,
        ManagedClusterWorkflowImpl.class,
        ManifestWorkWorkflowImpl.class,
        PlacementWorkflowImpl.class,
        ManifestWorkReplicaSetWorkflowImpl.class,
        ClusterTakeoverWorkflowImpl.class,
        ManagedClusterViewWorkflowImpl.class,
        ManagedClusterActionWorkflowImpl.class,
        ManagedClusterAddOnWorkflowImpl.class,
        ClusterLivenessWorkflowImpl.class,
        ManagedClusterSetWorkflowImpl.class,
        ManagedClusterSetBindingWorkflowImpl.class,
        ClusterTakeoverProfileWorkflowImpl.class,
        AddOnPlacementScoreWorkflowImpl.class);
  }

  private static WorkflowExecutionHistory read(String file) throws Exception {
    Path path = HistoryRecorder.HISTORIES.resolve(file);
    String json =
        file.endsWith(".gz")
            ? new String(
                new GZIPInputStream(Files.newInputStream(path)).readAllBytes(),
                StandardCharsets.UTF_8)
            : Files.readString(path);
    WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(json);
    assertThat(history.getEvents()).hasSizeGreaterThan(10);
    return history;
  }
}
