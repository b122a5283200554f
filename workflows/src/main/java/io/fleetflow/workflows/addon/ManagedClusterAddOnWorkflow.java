package io.fleetflow.workflows.addon;

import io.fleetflow.model.addon.ManagedClusterAddOn;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.patch.Patch;
import io.fleetflow.workflows.entity.EntityOperations;
import io.fleetflow.workflows.work.WorkOwners;
import io.fleetflow.workflows.work.WorkOwners.StatusReport;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One add-on on one cluster, ID {@code ManagedClusterAddOn/<cluster>/<add-on>}: it resolves the
 * add-on's configs and renders its works (the agent's ManifestWork {@code addon-<name>-deploy-0}),
 * applies them, judges the agent's health by the add-on's health check, and keeps OCM's conditions
 * ({@code Configured}, {@code ManifestApplied}, {@code Progressing}, {@code Available}) and {@code
 * configReferences}. Deleting it runs the add-on's pre-delete hook (a Job, waited for) before its
 * works go. It tells its ClusterManagementAddOn how it stands, which is how add-on rollouts
 * proceed. Implements the entity contract of {@link EntityOperations}.
 */
@WorkflowInterface
public interface ManagedClusterAddOnWorkflow {
  /** The signal that asks the add-on to render again: its configs may have changed. */
  String CONFIGS_CHANGED = "configsChanged";

  /** The signal by which its ClusterManagementAddOn's rollout moves it to another revision. */
  String ROLLOUT_STEP = "rolloutStep";

  /**
   * Runs the add-on's life.
   *
   * @param carried the state carried over from a previous run, or null for a new add-on
   */
  @WorkflowMethod
  void run(ManagedClusterAddOnState carried);

  @QueryMethod(name = EntityOperations.GET)
  ManagedClusterAddOn get();

  @UpdateMethod(name = EntityOperations.CREATE, description = "A user enables the add-on")
  ManagedClusterAddOn create(ManagedClusterAddOn addOn, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.CREATE)
  void validateCreate(ManagedClusterAddOn addOn, Actor actor);

  @UpdateMethod(name = EntityOperations.APPLY, description = "A user changes the add-on")
  ManagedClusterAddOn apply(ManagedClusterAddOn addOn, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.APPLY)
  void validateApply(ManagedClusterAddOn addOn, Actor actor);

  @UpdateMethod(name = EntityOperations.DELETE, description = "A user disables the add-on")
  ManagedClusterAddOn delete(Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.DELETE)
  void validateDelete(Actor actor);

  /** Applies a patch to the object as it is (see {@link EntityOperations}). */
  @UpdateMethod(name = EntityOperations.PATCH)
  ManagedClusterAddOn patch(Patch patch, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.PATCH)
  void validatePatch(Patch patch, Actor actor);

  /** A config of the add-on (or its ClusterManagementAddOn) may have changed: render again. */
  @SignalMethod(name = CONFIGS_CHANGED)
  void configsChanged();

  /** The add-on's rollout gives this cluster a revision of its configs (or takes one back). */
  @SignalMethod(name = ROLLOUT_STEP)
  void rolloutStep(AddOnRolloutStep step);

  /** One of the add-on's works reports its status (see {@link WorkOwners}). */
  @SignalMethod(name = WorkOwners.STATUS_CHANGED)
  void manifestWorkStatusChanged(StatusReport report);
}
