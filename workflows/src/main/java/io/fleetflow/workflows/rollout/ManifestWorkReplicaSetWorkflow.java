package io.fleetflow.workflows.rollout;

import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.patch.Patch;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import io.fleetflow.model.rollout.RolloutKinds;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.workflows.entity.EntityOperations;
import io.fleetflow.workflows.placement.PlacementDecisions;
import io.fleetflow.workflows.placement.PlacementSignals;
import io.fleetflow.workflows.work.ClusterChange;
import io.fleetflow.workflows.work.ManifestWorkWorkflow;
import io.fleetflow.workflows.work.WorkOwners;
import io.fleetflow.workflows.work.WorkOwners.StatusReport;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * A ManifestWorkReplicaSet, ID {@code ManifestWorkReplicaSet/<ns>/<name>}: it follows its
 * placements' decisions, rolls every template revision out to the selected clusters by generating
 * one ManifestWork per cluster (named after the replica set, labelled as OCM labels them), stage by
 * stage as the rollout strategy and approval gates allow, and deletes the works of clusters that
 * leave. Implements the entity contract of {@link io.fleetflow.workflows.entity.EntityOperations}
 * plus the rollout controls {@code approve}, {@code pause}, {@code resume}, {@code abort} and
 * {@code undo}, each recorded with the requesting user.
 */
@WorkflowInterface
public interface ManifestWorkReplicaSetWorkflow {
  /** Query names beyond the entity contract. */
  String HISTORY = RolloutKinds.HISTORY;

  /** Update names of the rollout controls. */
  String APPROVE = RolloutKinds.APPROVE;

  String PAUSE = RolloutKinds.PAUSE;
  String RESUME = RolloutKinds.RESUME;
  String ABORT = RolloutKinds.ABORT;
  String UNDO = RolloutKinds.UNDO;

  /**
   * Runs the replica set's life.
   *
   * @param state the state carried over from a previous run, or null for a new replica set
   */
  @WorkflowMethod
  void run(ManifestWorkReplicaSetState state);

  /** Returns the replica set as the API shows it, or null before it exists. */
  @QueryMethod(name = EntityOperations.GET)
  ManifestWorkReplicaSet get();

  /** Returns the revisions kept, the approvals and the events of the rollouts. */
  @QueryMethod(name = HISTORY)
  RolloutHistory history();

  /** The query that lists the works the replica set holds. */
  String HELD_WORKS = "heldWorks";

  /**
   * Returns the ManifestWorks the replica set holds itself ({@link HeldWorks}), as the API shows
   * them, deleting ones included; empty for one whose works are ManifestWork workflows.
   */
  @QueryMethod(name = HELD_WORKS)
  List<ManifestWork> heldWorks();

  @UpdateMethod(
      name = EntityOperations.CREATE,
      description = "An operator creates the ManifestWorkReplicaSet")
  ManifestWorkReplicaSet create(ManifestWorkReplicaSet set, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.CREATE)
  void validateCreate(ManifestWorkReplicaSet set, Actor actor);

  @UpdateMethod(
      name = EntityOperations.APPLY,
      description = "An operator changes the ManifestWorkReplicaSet")
  ManifestWorkReplicaSet apply(ManifestWorkReplicaSet set, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.APPLY)
  void validateApply(ManifestWorkReplicaSet set, Actor actor);

  /** Applies a patch to the replica set as it is (see {@link EntityOperations}). */
  @UpdateMethod(name = EntityOperations.PATCH)
  ManifestWorkReplicaSet patch(Patch patch, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.PATCH)
  void validatePatch(Patch patch, Actor actor);

  /** Starts deleting the replica set; its generated works are deleted before the workflow ends. */
  @UpdateMethod(
      name = EntityOperations.DELETE,
      description = "An operator deletes the ManifestWorkReplicaSet")
  ManifestWorkReplicaSet delete(Actor actor);

  /**
   * Approves the waiting gate, recording who, when, the comment and the health of the finished
   * stages; fails with Conflict (409) when no gate is waiting.
   */
  @UpdateMethod(name = APPROVE, description = "An approver lets the next stage start")
  ManifestWorkReplicaSet approve(RolloutCommand command, Actor actor);

  @UpdateValidatorMethod(updateName = APPROVE)
  void validateApprove(RolloutCommand command, Actor actor);

  /** Stops new clusters from starting; clusters in progress finish. Conflict when paused. */
  @UpdateMethod(name = PAUSE, description = "An operator pauses the rollout")
  ManifestWorkReplicaSet pause(RolloutCommand command, Actor actor);

  @UpdateValidatorMethod(updateName = PAUSE)
  void validatePause(RolloutCommand command, Actor actor);

  /** Lets new clusters start again. Conflict when not paused. */
  @UpdateMethod(name = RESUME, description = "An operator resumes the rollout")
  ManifestWorkReplicaSet resume(RolloutCommand command, Actor actor);

  @UpdateValidatorMethod(updateName = RESUME)
  void validateResume(RolloutCommand command, Actor actor);

  /**
   * Ends the rollout of the current revision; with {@code rollback}, returns every cluster it
   * changed to its previous revision, last changed first. Conflict when the rollout already ended.
   */
  @UpdateMethod(name = ABORT, description = "An operator aborts the rollout")
  ManifestWorkReplicaSet abort(RolloutCommand command, Actor actor);

  @UpdateValidatorMethod(updateName = ABORT)
  void validateAbort(RolloutCommand command, Actor actor);

  /**
   * Makes a kept revision's template the current one (a new revision), as {@code kubectl rollout
   * undo} does. Invalid (422) for a revision that is not kept, Conflict for the current one.
   */
  @UpdateMethod(name = UNDO, description = "An operator rolls back to an earlier revision")
  ManifestWorkReplicaSet undo(RolloutCommand command, Actor actor);

  @UpdateValidatorMethod(updateName = UNDO)
  void validateUndo(RolloutCommand command, Actor actor);

  /** A placement's new decisions; see {@link PlacementSignals}. */
  @SignalMethod(name = PlacementSignals.DECISIONS_CHANGED)
  void placementDecisionsChanged(PlacementDecisions decisions);

  /** A generated work's new status; see {@link WorkOwners}. */
  @SignalMethod(name = WorkOwners.STATUS_CHANGED)
  void manifestWorkStatusChanged(StatusReport report);

  /**
   * A cluster's agent saw the resources of a work this replica set holds change ({@link
   * ClusterChange#cluster} names the cluster, checked by the front door): the replica set applies
   * that cluster's work again, which restores what drifted and refreshes its status. Ignored for a
   * cluster whose work it does not hold.
   */
  @SignalMethod(name = ManifestWorkWorkflow.CLUSTER_CHANGED)
  void clusterChanged(ClusterChange change);

  /** The signal of {@link #releaseWork}. */
  String RELEASE_WORK = "releaseWork";

  /**
   * The hub's release of a cluster asks the replica set to let go of the work it holds there, as it
   * deletes a ManifestWork workflow: the agent removes the work's resources, or, when the cluster
   * was force-released ({@link WorkRelease#orphanedBecause}), they stay on the cluster and the work
   * goes without asking the agent. Sent by the hub's takeover activities only; the front door
   * refuses it to agents.
   */
  @SignalMethod(name = RELEASE_WORK)
  void releaseWork(WorkRelease release);
}
