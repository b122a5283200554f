package io.fleetflow.workflows.takeover;

import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.takeover.ClusterTakeoverProfile;
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

  @QueryMethod(name = "get")
  ClusterTakeoverProfile get();

  @UpdateMethod(name = "create")
  ClusterTakeoverProfile create(ClusterTakeoverProfile profile, Actor actor);

  @UpdateValidatorMethod(updateName = "create")
  void validateCreate(ClusterTakeoverProfile profile, Actor actor);

  @UpdateMethod(name = "apply")
  ClusterTakeoverProfile apply(ClusterTakeoverProfile profile, Actor actor);

  @UpdateValidatorMethod(updateName = "apply")
  void validateApply(ClusterTakeoverProfile profile, Actor actor);

  @UpdateMethod(name = "delete")
  ClusterTakeoverProfile delete(Actor actor);
}
