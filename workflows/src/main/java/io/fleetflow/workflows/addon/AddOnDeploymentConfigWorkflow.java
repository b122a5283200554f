package io.fleetflow.workflows.addon;

import io.fleetflow.model.addon.AddOnDeploymentConfig;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.patch.Patch;
import io.fleetflow.workflows.entity.EntityOperations;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * An AddOnDeploymentConfig, ID {@code AddOnDeploymentConfig/<namespace>/<name>}: how an add-on is
 * deployed. Every change of its content is told to the add-ons (see {@link
 * ClusterManagementAddOnWorkflow#CONFIG_CHANGED}). Implements the entity contract of {@link
 * EntityOperations}.
 */
@WorkflowInterface
public interface AddOnDeploymentConfigWorkflow {
  @WorkflowMethod
  void run(AddOnDeploymentConfigState carried);

  @QueryMethod(name = EntityOperations.GET)
  AddOnDeploymentConfig get();

  @UpdateMethod(name = EntityOperations.CREATE)
  AddOnDeploymentConfig create(AddOnDeploymentConfig config, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.CREATE)
  void validateCreate(AddOnDeploymentConfig config, Actor actor);

  @UpdateMethod(name = EntityOperations.APPLY)
  AddOnDeploymentConfig apply(AddOnDeploymentConfig config, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.APPLY)
  void validateApply(AddOnDeploymentConfig config, Actor actor);

  @UpdateMethod(name = EntityOperations.DELETE)
  AddOnDeploymentConfig delete(Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.DELETE)
  void validateDelete(Actor actor);

  /** Applies a patch to the object as it is (see {@link EntityOperations}). */
  @UpdateMethod(name = EntityOperations.PATCH)
  AddOnDeploymentConfig patch(Patch patch, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.PATCH)
  void validatePatch(Patch patch, Actor actor);
}
