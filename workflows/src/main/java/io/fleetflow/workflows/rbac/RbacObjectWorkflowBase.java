package io.fleetflow.workflows.rbac;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.workflows.entity.ReconciledEntityWorkflow;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;

/**
 * The life of an RBAC object: stored as written and published to the change feed, from which every
 * gateway keeps its {@link io.fleetflow.model.authz.RbacPolicy} current. It has no status and
 * nothing to reconcile, so it sleeps until it changes.
 *
 * @param <T> the RBAC kind
 */
abstract class RbacObjectWorkflowBase<T extends HasMetadata> extends ReconciledEntityWorkflow<T> {
  /** An RBAC object has nothing to keep current: it sleeps until it changes. */
  static final Duration IDLE = Duration.ofDays(1);

  RbacObjectWorkflowBase(ResourceKind<T> kind) {
    super(kind, object -> {});
  }

  /** A line for the Temporal UI that says what the object grants, or to whom. */
  protected abstract String describe(T object);

  @Override
  protected void reconcile(Instant now) {
    Workflow.setCurrentDetails(describe(object()));
  }

  @Override
  protected Wake nextWake() {
    return new Wake(IDLE, "nothing to do: a change arrives as an update");
  }
}
