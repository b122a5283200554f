package io.fleetflow.workflows.placement;

import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.placement.AddOnPlacementScore;
import io.fleetflow.workflows.entity.EntityOperations;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * An AddOnPlacementScore, ID {@code AddOnPlacementScore/<cluster>/<name>}: it keeps the scores an
 * add-on publishes about one cluster and tells the placements when they change. Unlike other kinds
 * its content is its status, so {@code create} and {@code apply} keep the status they are sent.
 * Implements the entity contract of {@link io.fleetflow.workflows.entity.EntityOperations}.
 */
@WorkflowInterface
public interface AddOnPlacementScoreWorkflow {
  @WorkflowMethod
  void run(AddOnPlacementScore carried);

  @QueryMethod(name = EntityOperations.GET)
  AddOnPlacementScore get();

  @UpdateMethod(name = EntityOperations.CREATE)
  AddOnPlacementScore create(AddOnPlacementScore score, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.CREATE)
  void validateCreate(AddOnPlacementScore score, Actor actor);

  @UpdateMethod(name = EntityOperations.APPLY)
  AddOnPlacementScore apply(AddOnPlacementScore score, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.APPLY)
  void validateApply(AddOnPlacementScore score, Actor actor);

  @UpdateMethod(name = EntityOperations.DELETE)
  AddOnPlacementScore delete(Actor actor);
}
