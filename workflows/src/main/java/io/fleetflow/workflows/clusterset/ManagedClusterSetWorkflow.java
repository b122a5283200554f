package io.fleetflow.workflows.clusterset;

import io.fleetflow.model.clusterset.ManagedClusterSet;
import io.fleetflow.model.meta.Actor;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A ManagedClusterSet, ID {@code ManagedClusterSet/<name>}: it keeps the set and reports whether
 * any cluster is a member ({@code ClusterSetEmpty}). Membership is computed from cluster labels.
 * Implements the entity contract of {@link io.fleetflow.workflows.entity.EntityOperations}.
 */
@WorkflowInterface
public interface ManagedClusterSetWorkflow {
  @WorkflowMethod
  void run(ManagedClusterSet carried);

  @QueryMethod(name = "get")
  ManagedClusterSet get();

  @UpdateMethod(name = "create")
  ManagedClusterSet create(ManagedClusterSet set, Actor actor);

  @UpdateValidatorMethod(updateName = "create")
  void validateCreate(ManagedClusterSet set, Actor actor);

  @UpdateMethod(name = "apply")
  ManagedClusterSet apply(ManagedClusterSet set, Actor actor);

  @UpdateValidatorMethod(updateName = "apply")
  void validateApply(ManagedClusterSet set, Actor actor);

  @UpdateMethod(name = "delete")
  ManagedClusterSet delete(Actor actor);
}
