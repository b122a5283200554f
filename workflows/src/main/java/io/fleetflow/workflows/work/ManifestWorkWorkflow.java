package io.fleetflow.workflows.work;

import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.workflows.entity.EntityOperations;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The life of one ManifestWork, ID {@code ManifestWork/<cluster>/<name>}: it sends every new
 * generation of the work to the agent of its cluster, keeps the status the agent reports, and on
 * deletion removes the work's resources from the cluster before it ends (OCM's finalizer
 * semantics). Implements the entity contract of {@link
 * io.fleetflow.workflows.entity.EntityOperations}.
 */
@WorkflowInterface
public interface ManifestWorkWorkflow {
  /** The name of the signal {@link #clusterChanged}, for agents that signal by name. */
  String CLUSTER_CHANGED = "clusterChanged";

  /** The Update that tells a work its cluster was force-released. */
  String ORPHAN_FOR_RELEASE = "orphanForRelease";

  /**
   * Runs the work's life.
   *
   * @param state the state carried over from a previous run, or null for a new work
   */
  @WorkflowMethod
  void run(ManifestWorkState state);

  /** Returns the ManifestWork as the API shows it, or null before it exists. */
  @QueryMethod(name = EntityOperations.GET)
  ManifestWork get();

  @UpdateMethod(
      name = EntityOperations.CREATE,
      description = "An operator creates the ManifestWork")
  ManifestWork create(ManifestWork work, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.CREATE)
  void validateCreate(ManifestWork work, Actor actor);

  @UpdateMethod(name = EntityOperations.APPLY, description = "An operator changes the ManifestWork")
  ManifestWork apply(ManifestWork work, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.APPLY)
  void validateApply(ManifestWork work, Actor actor);

  /**
   * Starts deleting the work; its resources are removed from the cluster (unless orphaned) before
   * the workflow ends.
   */
  @UpdateMethod(
      name = EntityOperations.DELETE,
      description = "An operator deletes the ManifestWork")
  ManifestWork delete(Actor actor);

  /**
   * The work's cluster was force-released ({@code fleetflow.io/force-release}), so its agent may
   * never answer again: the work starts deleting if it was not, stops waiting for the cluster,
   * leaves whatever it applied there (orphaned), records who forced it and why in its {@code
   * Deleting} condition and its history, and ends.
   *
   * @param reason the reason the operator (or the automatic removal) gave for forcing the release
   * @param actor who forced it
   */
  @UpdateMethod(
      name = ORPHAN_FOR_RELEASE,
      description = "The work's cluster was force-released: leave its resources there and end")
  ManifestWork orphanForRelease(String reason, Actor actor);

  /**
   * The agent of the work's cluster saw the work's resources change on the cluster, or started and
   * asks every work to be sent again. The workflow applies the current generation again: resources
   * that drifted are restored per their update strategy, each correction is recorded, and the
   * status is refreshed. Changes that arrive while an apply runs are handled by one more apply.
   */
  @SignalMethod(name = CLUSTER_CHANGED)
  void clusterChanged(ClusterChange change);
}
