package io.fleetflow.workflows.action;

import io.fleetflow.model.action.ActionApproval;
import io.fleetflow.model.action.ActionKinds;
import io.fleetflow.model.action.ManagedClusterActionSet;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.patch.Patch;
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
 * The life of one ManagedClusterActionSet, ID {@code ManagedClusterActionSet/<ns>/<name>}: it
 * follows its placement's decisions, starts the action on the clusters the rollout planner lets
 * start (by the placement's strategy, the set's gates and {@code maxFailures}), counts each
 * action's outcome as it reports, and is complete when every cluster's action is done. Implements
 * the entity contract of {@link EntityOperations}, plus {@link #approve} for its gates.
 */
@WorkflowInterface
public interface ManagedClusterActionSetWorkflow {
  String APPROVE = ActionKinds.APPROVE;

  /** The signal with which a set's action reports its outcome. */
  String ACTION_COMPLETED = "actionCompleted";

  @WorkflowMethod
  void run(ManagedClusterActionSetState carried);

  @QueryMethod(name = EntityOperations.GET)
  ManagedClusterActionSet get();

  @UpdateMethod(name = EntityOperations.CREATE, description = "A user asks for the action set")
  ManagedClusterActionSet create(ManagedClusterActionSet set, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.CREATE)
  void validateCreate(ManagedClusterActionSet set, Actor actor);

  @UpdateMethod(name = EntityOperations.APPLY, description = "A user changes the set's labels")
  ManagedClusterActionSet apply(ManagedClusterActionSet set, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.APPLY)
  void validateApply(ManagedClusterActionSet set, Actor actor);

  @UpdateMethod(name = EntityOperations.DELETE, description = "A user deletes the action set")
  ManagedClusterActionSet delete(Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.DELETE)
  void validateDelete(Actor actor);

  @UpdateMethod(name = EntityOperations.PATCH)
  ManagedClusterActionSet patch(Patch patch, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.PATCH)
  void validatePatch(Patch patch, Actor actor);

  /** An approver lets the stage at the waiting gate start. */
  @UpdateMethod(name = APPROVE, description = "An approver lets the next stage start")
  ManagedClusterActionSet approve(ActionApproval approval, Actor actor);

  /** Approvers and admins only, and only while a gate waits. */
  @UpdateValidatorMethod(updateName = APPROVE)
  void validateApprove(ActionApproval approval, Actor actor);

  /** The placement's decisions, sent once on subscription and after every change. */
  @SignalMethod(name = PlacementSignals.DECISIONS_CHANGED)
  void placementDecisionsChanged(PlacementDecisions decisions);

  /** One of the set's actions completed. */
  @SignalMethod(name = ACTION_COMPLETED)
  void actionCompleted(ActionReport report);
}
