package io.fleetflow.workflows.action;

import io.fleetflow.model.action.ActionApproval;
import io.fleetflow.model.action.ActionKinds;
import io.fleetflow.model.action.ManagedClusterAction;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.patch.Patch;
import io.fleetflow.workflows.entity.EntityOperations;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The life of one ManagedClusterAction, ID {@code ManagedClusterAction/<cluster>/<name>}: it
 * records who asked for it, waits for an approver when the action asks for one (until its approval
 * timeout), has the cluster's agent run it exactly once, keeps the outcome in the {@code Completed}
 * condition, and deletes the action a minute after it completed, as OCM's hub does. Implements the
 * entity contract of {@link EntityOperations}, plus {@link #approve}.
 */
@WorkflowInterface
public interface ManagedClusterActionWorkflow {
  String APPROVE = ActionKinds.APPROVE;

  @WorkflowMethod
  void run(ManagedClusterActionState carried);

  @QueryMethod(name = EntityOperations.GET)
  ManagedClusterAction get();

  @UpdateMethod(name = EntityOperations.CREATE, description = "A user asks for the action")
  ManagedClusterAction create(ManagedClusterAction action, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.CREATE)
  void validateCreate(ManagedClusterAction action, Actor actor);

  @UpdateMethod(name = EntityOperations.APPLY, description = "A user changes the action's labels")
  ManagedClusterAction apply(ManagedClusterAction action, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.APPLY)
  void validateApply(ManagedClusterAction action, Actor actor);

  @UpdateMethod(name = EntityOperations.DELETE, description = "A user deletes the action")
  ManagedClusterAction delete(Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.DELETE)
  void validateDelete(Actor actor);

  @UpdateMethod(name = EntityOperations.PATCH)
  ManagedClusterAction patch(Patch patch, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.PATCH)
  void validatePatch(Patch patch, Actor actor);

  /** An approver lets a waiting action run; who and when are recorded in its Approved condition. */
  @UpdateMethod(name = APPROVE, description = "An approver lets the action run")
  ManagedClusterAction approve(ActionApproval approval, Actor actor);

  /** Approvers and admins only, and only while the action waits for an approver. */
  @UpdateValidatorMethod(updateName = APPROVE)
  void validateApprove(ActionApproval approval, Actor actor);
}
