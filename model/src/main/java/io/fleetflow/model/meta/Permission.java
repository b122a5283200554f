package io.fleetflow.model.meta;

/**
 * Which kind of permission a subresource is, which decides the default ClusterRole that grants it
 * ({@link io.fleetflow.model.authz.DefaultPolicy}). A caller's own permissions are RBAC rules.
 */
public enum Permission {
  /** Reading, granted by {@code fleetflow:viewer}: a rollout's history. */
  READ,
  /** Changing other than by deciding, granted by {@code fleetflow:operator}: pause, abort. */
  CHANGE,
  /** Deciding, granted by {@code fleetflow:approver}: approve a stage, a certificate, an action. */
  DECIDE
}
