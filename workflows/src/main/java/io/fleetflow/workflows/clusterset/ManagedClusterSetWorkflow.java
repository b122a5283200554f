package io.fleetflow.workflows.clusterset;

import io.fleetflow.activities.hub.PlacementActivities;
import io.fleetflow.model.clusterset.ManagedClusterSet;
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
 * A ManagedClusterSet, ID {@code ManagedClusterSet/<name>}: it keeps the set and reports whether
 * any cluster is a member ({@code ClusterSetEmpty}). Membership is computed from cluster labels,
 * again whenever the hub tells it that clusters changed and at every resync. Implements the entity
 * contract of {@link io.fleetflow.workflows.entity.EntityOperations}.
 */
@WorkflowInterface
public interface ManagedClusterSetWorkflow {
  @WorkflowMethod
  void run(ManagedClusterSet carried);

  @QueryMethod(name = EntityOperations.GET)
  ManagedClusterSet get();

  @UpdateMethod(name = EntityOperations.CREATE)
  ManagedClusterSet create(ManagedClusterSet set, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.CREATE)
  void validateCreate(ManagedClusterSet set, Actor actor);

  @UpdateMethod(name = EntityOperations.APPLY)
  ManagedClusterSet apply(ManagedClusterSet set, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.APPLY)
  void validateApply(ManagedClusterSet set, Actor actor);

  @UpdateMethod(name = EntityOperations.DELETE)
  ManagedClusterSet delete(Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.DELETE)
  void validateDelete(Actor actor);

  /** Applies a patch to the object as it is (see {@link EntityOperations}). */
  @UpdateMethod(name = EntityOperations.PATCH)
  ManagedClusterSet patch(Patch patch, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.PATCH)
  void validatePatch(Patch patch, Actor actor);

  /**
   * Clusters changed (a label, an acceptance, a removal): membership is computed again at once, so
   * the set's status follows a cluster's label change without waiting for the next resync.
   *
   * @param reason what changed, for the workflow's history
   */
  @SignalMethod(name = PlacementActivities.CLUSTERS_CHANGED)
  void clustersChanged(String reason);
}
