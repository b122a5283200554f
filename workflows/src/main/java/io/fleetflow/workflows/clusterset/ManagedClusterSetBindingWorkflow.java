package io.fleetflow.workflows.clusterset;

import io.fleetflow.model.clusterset.ManagedClusterSetBinding;
import io.fleetflow.model.meta.Actor;
import io.temporal.workflow.QueryMethod;
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

  @QueryMethod(name = "get")
  ManagedClusterSetBinding get();

  @UpdateMethod(name = "create")
  ManagedClusterSetBinding create(ManagedClusterSetBinding binding, Actor actor);

  @UpdateValidatorMethod(updateName = "create")
  void validateCreate(ManagedClusterSetBinding binding, Actor actor);

  @UpdateMethod(name = "apply")
  ManagedClusterSetBinding apply(ManagedClusterSetBinding binding, Actor actor);

  @UpdateValidatorMethod(updateName = "apply")
  void validateApply(ManagedClusterSetBinding binding, Actor actor);

  @UpdateMethod(name = "delete")
  ManagedClusterSetBinding delete(Actor actor);
}
