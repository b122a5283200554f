package io.fleetflow.workflows.takeover;

import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.takeover.ClusterTakeoverProfile;
import io.fleetflow.workflows.entity.EntityOperations;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A ClusterTakeoverProfile, ID {@code ClusterTakeoverProfile/<name>}: it keeps the profile and, on
 * every new generation (and on deletion), tells every ManagedCluster to install from it again, so
 * that a change rolls out to every taken-over cluster. Implements the entity contract of {@link
 * io.fleetflow.workflows.entity.EntityOperations}.
 */
@WorkflowInterface
public interface ClusterTakeoverProfileWorkflow {
  @WorkflowMethod
  void run(ClusterTakeoverProfile carried);

  @QueryMethod(name = EntityOperations.GET)
  ClusterTakeoverProfile get();

  @UpdateMethod(name = EntityOperations.CREATE)
  ClusterTakeoverProfile create(ClusterTakeoverProfile profile, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.CREATE)
  void validateCreate(ClusterTakeoverProfile profile, Actor actor);

  @UpdateMethod(name = EntityOperations.APPLY)
  ClusterTakeoverProfile apply(ClusterTakeoverProfile profile, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.APPLY)
  void validateApply(ClusterTakeoverProfile profile, Actor actor);

  @UpdateMethod(name = EntityOperations.DELETE)
  ClusterTakeoverProfile delete(Actor actor);
}
