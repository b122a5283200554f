package io.fleetflow.workflows.rbac;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.patch.Patch;
import io.fleetflow.workflows.entity.EntityOperations;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A ClusterRole, ID {@code ClusterRole/<name>}: the rules a ClusterRoleBinding or a RoleBinding
 * grants. Implements the entity contract of {@link EntityOperations}.
 */
@WorkflowInterface
public interface ClusterRoleWorkflow {
  @WorkflowMethod
  void run(ClusterRole carried);

  @QueryMethod(name = EntityOperations.GET)
  ClusterRole get();

  @UpdateMethod(name = EntityOperations.CREATE)
  ClusterRole create(ClusterRole object, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.CREATE)
  void validateCreate(ClusterRole object, Actor actor);

  @UpdateMethod(name = EntityOperations.APPLY)
  ClusterRole apply(ClusterRole object, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.APPLY)
  void validateApply(ClusterRole object, Actor actor);

  @UpdateMethod(name = EntityOperations.DELETE)
  ClusterRole delete(Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.DELETE)
  void validateDelete(Actor actor);

  /** Applies a patch to the object as it is (see {@link EntityOperations}). */
  @UpdateMethod(name = EntityOperations.PATCH)
  ClusterRole patch(Patch patch, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.PATCH)
  void validatePatch(Patch patch, Actor actor);
}
