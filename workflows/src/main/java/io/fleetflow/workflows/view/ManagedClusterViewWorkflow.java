package io.fleetflow.workflows.view;

import io.fleetflow.activities.view.ViewReport;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.patch.Patch;
import io.fleetflow.model.view.ManagedClusterView;
import io.fleetflow.workflows.entity.EntityOperations;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The life of one ManagedClusterView, ID {@code ManagedClusterView/<cluster>/<name>}: it asks the
 * cluster's agent to read and watch the view's object whenever the scope changes, keeps what the
 * agent reports in {@code status.result} and the {@code Processing} condition, and tells the agent
 * to stop watching when the view is deleted. Implements the entity contract of {@link
 * EntityOperations}.
 */
@WorkflowInterface
public interface ManagedClusterViewWorkflow {
  /** The name of the signal {@link #viewChanged}, for agents that signal by name. */
  String VIEW_CHANGED = "viewChanged";

  /**
   * Runs the view's life.
   *
   * @param carried the state carried over from a previous run, or null for a new view
   */
  @WorkflowMethod
  void run(ManagedClusterViewState carried);

  @QueryMethod(name = EntityOperations.GET)
  ManagedClusterView get();

  @UpdateMethod(name = EntityOperations.CREATE, description = "A user creates the view")
  ManagedClusterView create(ManagedClusterView view, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.CREATE)
  void validateCreate(ManagedClusterView view, Actor actor);

  @UpdateMethod(name = EntityOperations.APPLY, description = "A user changes the view")
  ManagedClusterView apply(ManagedClusterView view, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.APPLY)
  void validateApply(ManagedClusterView view, Actor actor);

  @UpdateMethod(name = EntityOperations.DELETE, description = "A user deletes the view")
  ManagedClusterView delete(Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.DELETE)
  void validateDelete(Actor actor);

  /** Applies a patch to the object as it is (see {@link EntityOperations}). */
  @UpdateMethod(name = EntityOperations.PATCH)
  ManagedClusterView patch(Patch patch, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.PATCH)
  void validatePatch(Patch patch, Actor actor);

  /**
   * The agent's watch saw the object change, disappear or come back, or the agent started and asks
   * for the view to be sent again ({@link ViewReport#resync()}). A report of an older generation of
   * the view (a scope since replaced) is ignored.
   */
  @SignalMethod(name = VIEW_CHANGED)
  void viewChanged(ViewReport report);
}
