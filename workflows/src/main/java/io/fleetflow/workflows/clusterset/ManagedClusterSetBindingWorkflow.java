package io.fleetflow.workflows.clusterset;

import io.fleetflow.activities.hub.InventoryActivities;
import io.fleetflow.model.clusterset.ManagedClusterSetBinding;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.patch.Patch;
import io.fleetflow.workflows.entity.EntityOperations;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A ManagedClusterSetBinding, ID {@code ManagedClusterSetBinding/<namespace>/<name>}: it reports
 * {@code Bound} while its set exists. Implements the entity contract of {@link
 * io.fleetflow.workflows.entity.EntityOperations}.
 */
@WorkflowInterface
public interface ManagedClusterSetBindingWorkflow {
  @WorkflowMethod
  void run(ManagedClusterSetBinding carried);

  @QueryMethod(name = EntityOperations.GET)
  ManagedClusterSetBinding get();

  @UpdateMethod(name = EntityOperations.CREATE)
  ManagedClusterSetBinding create(ManagedClusterSetBinding binding, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.CREATE)
  void validateCreate(ManagedClusterSetBinding binding, Actor actor);

  @UpdateMethod(name = EntityOperations.APPLY)
  ManagedClusterSetBinding apply(ManagedClusterSetBinding binding, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.APPLY)
  void validateApply(ManagedClusterSetBinding binding, Actor actor);

  @UpdateMethod(name = EntityOperations.DELETE)
  ManagedClusterSetBinding delete(Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.DELETE)
  void validateDelete(Actor actor);

  /** Applies a patch to the object as it is (see {@link EntityOperations}). */
  @UpdateMethod(name = EntityOperations.PATCH)
  ManagedClusterSetBinding patch(Patch patch, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.PATCH)
  void validatePatch(Patch patch, Actor actor);

  /**
   * The bound set was created or is being deleted: the binding reports it at once, from this
   * notice, rather than at its next re-check.
   *
   * @param exists whether the set exists and is not being deleted
   */
  @SignalMethod(name = InventoryActivities.SET_CHANGED)
  void clusterSetChanged(boolean exists);
}
