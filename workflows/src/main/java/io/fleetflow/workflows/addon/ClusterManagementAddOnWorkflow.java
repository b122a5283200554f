package io.fleetflow.workflows.addon;

import io.fleetflow.model.addon.AddOnConfig;
import io.fleetflow.model.addon.ClusterManagementAddOn;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.patch.Patch;
import io.fleetflow.model.rollout.RolloutCommand;
import io.fleetflow.model.rollout.RolloutKinds;
import io.fleetflow.workflows.entity.EntityOperations;
import io.fleetflow.workflows.placement.PlacementDecisions;
import io.fleetflow.workflows.placement.PlacementSignals;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One add-on of the fleet, ID {@code ClusterManagementAddOn/<name>}. With the {@code Placements}
 * install strategy it follows its placements, creates a ManagedClusterAddOn on every cluster they
 * select and removes it from clusters that leave. Every change of the add-on's configs (a new
 * template, a changed AddOnDeploymentConfig) is a new revision per placement, rolled out by the
 * same planner as a ManifestWorkReplicaSet's rollout: the placement's rollout strategy, approval
 * gates, pause, resume, abort with rollback, and undo. Its status keeps OCM's {@code
 * defaultconfigReferences} and {@code installProgressions}. Deleting it removes the add-on from
 * every cluster first. Implements the entity contract of {@link EntityOperations}.
 */
@WorkflowInterface
public interface ClusterManagementAddOnWorkflow {
  /** The signal by which a config's workflow says that the config changed. */
  String CONFIG_CHANGED = "configChanged";

  /**
   * Runs the add-on's life.
   *
   * @param carried the state carried over from a previous run, or null for a new add-on
   */
  @WorkflowMethod
  void run(ClusterManagementAddOnState carried);

  @QueryMethod(name = EntityOperations.GET)
  ClusterManagementAddOn get();

  @UpdateMethod(name = EntityOperations.CREATE, description = "A user creates the add-on")
  ClusterManagementAddOn create(ClusterManagementAddOn addOn, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.CREATE)
  void validateCreate(ClusterManagementAddOn addOn, Actor actor);

  @UpdateMethod(name = EntityOperations.APPLY, description = "A user changes the add-on")
  ClusterManagementAddOn apply(ClusterManagementAddOn addOn, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.APPLY)
  void validateApply(ClusterManagementAddOn addOn, Actor actor);

  @UpdateMethod(name = EntityOperations.DELETE, description = "A user deletes the add-on")
  ClusterManagementAddOn delete(Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.DELETE)
  void validateDelete(Actor actor);

  /** Applies a patch to the object as it is (see {@link EntityOperations}). */
  @UpdateMethod(name = EntityOperations.PATCH)
  ClusterManagementAddOn patch(Patch patch, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.PATCH)
  void validatePatch(Patch patch, Actor actor);

  /** An approver lets the stages waiting at a gate start (approvers and admins). */
  @UpdateMethod(name = RolloutKinds.APPROVE, description = "An approver approves the waiting stage")
  ClusterManagementAddOn approve(RolloutCommand command, Actor actor);

  @UpdateValidatorMethod(updateName = RolloutKinds.APPROVE)
  void validateApprove(RolloutCommand command, Actor actor);

  /** An operator stops new clusters from starting the current revision. */
  @UpdateMethod(name = RolloutKinds.PAUSE, description = "An operator pauses the rollout")
  ClusterManagementAddOn pause(RolloutCommand command, Actor actor);

  @UpdateValidatorMethod(updateName = RolloutKinds.PAUSE)
  void validatePause(RolloutCommand command, Actor actor);

  /** An operator lets a paused rollout go on. */
  @UpdateMethod(name = RolloutKinds.RESUME, description = "An operator resumes the rollout")
  ClusterManagementAddOn resume(RolloutCommand command, Actor actor);

  @UpdateValidatorMethod(updateName = RolloutKinds.RESUME)
  void validateResume(RolloutCommand command, Actor actor);

  /** An operator ends the current rollout; with {@code rollback} the changed clusters go back. */
  @UpdateMethod(name = RolloutKinds.ABORT, description = "An operator aborts the rollout")
  ClusterManagementAddOn abort(RolloutCommand command, Actor actor);

  @UpdateValidatorMethod(updateName = RolloutKinds.ABORT)
  void validateAbort(RolloutCommand command, Actor actor);

  /** An operator rolls the configs of an earlier revision out again, as a new revision. */
  @UpdateMethod(
      name = RolloutKinds.UNDO,
      description = "An operator returns to an earlier revision")
  ClusterManagementAddOn undo(RolloutCommand command, Actor actor);

  @UpdateValidatorMethod(updateName = RolloutKinds.UNDO)
  void validateUndo(RolloutCommand command, Actor actor);

  /** A placement's new decisions; see {@link PlacementSignals}. */
  @SignalMethod(name = PlacementSignals.DECISIONS_CHANGED)
  void placementDecisionsChanged(PlacementDecisions decisions);

  /** A config changed; the add-on rolls it out when it uses it. */
  @SignalMethod(name = CONFIG_CHANGED)
  void configChanged(AddOnConfig config);

  /** One cluster's add-on reports how it stands. */
  @SignalMethod(name = AddOnReport.SIGNAL)
  void addOnStatusChanged(AddOnReport report);
}
