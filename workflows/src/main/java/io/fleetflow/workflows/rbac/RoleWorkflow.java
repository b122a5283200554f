package io.fleetflow.workflows.rbac;

import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.patch.Patch;
import io.fleetflow.workflows.entity.EntityOperations;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A Role, ID {@code Role/<namespace>/<name>}: the rules a RoleBinding of its namespace grants.
 * Implements the entity contract of {@link EntityOperations}.
 */
@WorkflowInterface
public interface RoleWorkflow {
  @WorkflowMethod
  void run(Role carried);

  @QueryMethod(name = EntityOperations.GET)
  Role get();

  @UpdateMethod(name = EntityOperations.CREATE)
  Role create(Role object, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.CREATE)
  void validateCreate(Role object, Actor actor);

  @UpdateMethod(name = EntityOperations.APPLY)
  Role apply(Role object, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.APPLY)
  void validateApply(Role object, Actor actor);

  @UpdateMethod(name = EntityOperations.DELETE)
  Role delete(Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.DELETE)
  void validateDelete(Actor actor);

  /** Applies a patch to the object as it is (see {@link EntityOperations}). */
  @UpdateMethod(name = EntityOperations.PATCH)
  Role patch(Patch patch, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.PATCH)
  void validatePatch(Patch patch, Actor actor);
}
