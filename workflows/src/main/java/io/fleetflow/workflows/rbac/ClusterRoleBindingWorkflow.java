package io.fleetflow.workflows.rbac;

import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.patch.Patch;
import io.fleetflow.workflows.entity.EntityOperations;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A ClusterRoleBinding, ID {@code ClusterRoleBinding/<name>}: grants a ClusterRole to its subjects
 * everywhere. Implements the entity contract of {@link EntityOperations}.
 */
@WorkflowInterface
public interface ClusterRoleBindingWorkflow {
  @WorkflowMethod
  void run(ClusterRoleBinding carried);

  @QueryMethod(name = EntityOperations.GET)
  ClusterRoleBinding get();

  @UpdateMethod(name = EntityOperations.CREATE)
  ClusterRoleBinding create(ClusterRoleBinding object, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.CREATE)
  void validateCreate(ClusterRoleBinding object, Actor actor);

  @UpdateMethod(name = EntityOperations.APPLY)
  ClusterRoleBinding apply(ClusterRoleBinding object, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.APPLY)
  void validateApply(ClusterRoleBinding object, Actor actor);

  @UpdateMethod(name = EntityOperations.DELETE)
  ClusterRoleBinding delete(Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.DELETE)
  void validateDelete(Actor actor);

  /** Applies a patch to the object as it is (see {@link EntityOperations}). */
  @UpdateMethod(name = EntityOperations.PATCH)
  ClusterRoleBinding patch(Patch patch, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.PATCH)
  void validatePatch(Patch patch, Actor actor);
}
