package io.fleetflow.workflows.rbac;

import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.patch.Patch;
import io.fleetflow.workflows.entity.EntityOperations;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A RoleBinding, ID {@code RoleBinding/<namespace>/<name>}: grants a Role or ClusterRole to its
 * subjects in its namespace. Implements the entity contract of {@link EntityOperations}.
 */
@WorkflowInterface
public interface RoleBindingWorkflow {
  @WorkflowMethod
  void run(RoleBinding carried);

  @QueryMethod(name = EntityOperations.GET)
  RoleBinding get();

  @UpdateMethod(name = EntityOperations.CREATE)
  RoleBinding create(RoleBinding object, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.CREATE)
  void validateCreate(RoleBinding object, Actor actor);

  @UpdateMethod(name = EntityOperations.APPLY)
  RoleBinding apply(RoleBinding object, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.APPLY)
  void validateApply(RoleBinding object, Actor actor);

  @UpdateMethod(name = EntityOperations.DELETE)
  RoleBinding delete(Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.DELETE)
  void validateDelete(Actor actor);

  /** Applies a patch to the object as it is (see {@link EntityOperations}). */
  @UpdateMethod(name = EntityOperations.PATCH)
  RoleBinding patch(Patch patch, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.PATCH)
  void validatePatch(Patch patch, Actor actor);
}
