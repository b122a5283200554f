package io.fleetflow.workflows.placement;

import io.fleetflow.activities.hub.PlacementActivities;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.placement.Placement;
import io.fleetflow.model.placement.PlacementDecision;
import io.fleetflow.model.placement.PlacementKinds;
import io.fleetflow.workflows.entity.EntityOperations;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * A Placement, ID {@code Placement/<namespace>/<name>}: it schedules with OCM's semantics whenever
 * the placement, a cluster, a set, a binding or a score changes ({@code fleetChanged}) and when a
 * toleration lapses, keeps OCM's status, and tells its subscribers (see {@link PlacementSignals})
 * every change of its {@link PlacementDecisions}. Implements the entity contract of {@link
 * io.fleetflow.workflows.entity.EntityOperations}.
 */
@WorkflowInterface
public interface PlacementWorkflow {
  /** The Query of the decisions as consumers read them ({@link PlacementDecisions}). */
  String DECISIONS = "decisions";

  /** The Query of the decisions as OCM's PlacementDecision objects. */
  String PLACEMENT_DECISIONS = PlacementKinds.PLACEMENT_DECISIONS;

  @WorkflowMethod
  void run(PlacementState carried);

  @QueryMethod(name = EntityOperations.GET)
  Placement get();

  /** The decisions, as consumers read them. */
  @QueryMethod(name = DECISIONS)
  PlacementDecisions decisions();

  /** The decisions as OCM's PlacementDecision objects, at most 100 clusters each. */
  @QueryMethod(name = PLACEMENT_DECISIONS)
  List<PlacementDecision> placementDecisions();

  @UpdateMethod(name = EntityOperations.CREATE)
  Placement create(Placement placement, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.CREATE)
  void validateCreate(Placement placement, Actor actor);

  @UpdateMethod(name = EntityOperations.APPLY)
  Placement apply(Placement placement, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.APPLY)
  void validateApply(Placement placement, Actor actor);

  @UpdateMethod(name = EntityOperations.DELETE)
  Placement delete(Actor actor);

  @SignalMethod(name = PlacementSignals.SUBSCRIBE)
  void subscribe(String workflowId);

  @SignalMethod(name = PlacementSignals.UNSUBSCRIBE)
  void unsubscribe(String workflowId);

  /** Something the placement depends on changed; the argument says what. */
  @SignalMethod(name = PlacementActivities.FLEET_CHANGED)
  void fleetChanged(String reason);
}
