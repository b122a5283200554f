package io.fleetflow.workflows.addon;

import io.fleetflow.model.addon.AddOnTemplate;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.patch.Patch;
import io.fleetflow.workflows.entity.EntityOperations;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * An AddOnTemplate, ID {@code AddOnTemplate/<name>}: what an add-on deploys. Every change of its
 * content is told to the add-ons (see {@link ClusterManagementAddOnWorkflow#CONFIG_CHANGED}).
 * Implements the entity contract of {@link EntityOperations}.
 */
@WorkflowInterface
public interface AddOnTemplateWorkflow {
  @WorkflowMethod
  void run(AddOnTemplateState carried);

  @QueryMethod(name = EntityOperations.GET)
  AddOnTemplate get();

  @UpdateMethod(name = EntityOperations.CREATE)
  AddOnTemplate create(AddOnTemplate template, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.CREATE)
  void validateCreate(AddOnTemplate template, Actor actor);

  @UpdateMethod(name = EntityOperations.APPLY)
  AddOnTemplate apply(AddOnTemplate template, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.APPLY)
  void validateApply(AddOnTemplate template, Actor actor);

  @UpdateMethod(name = EntityOperations.DELETE)
  AddOnTemplate delete(Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.DELETE)
  void validateDelete(Actor actor);

  /** Applies a patch to the object as it is (see {@link EntityOperations}). */
  @UpdateMethod(name = EntityOperations.PATCH)
  AddOnTemplate patch(Patch patch, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.PATCH)
  void validatePatch(Patch patch, Actor actor);
}
