package io.fleetflow.model.meta;

/**
 * What a caller may do to an object. Each role (see {@link Roles}) grants a set of permissions;
 * each change of an object needs a set of them (see {@link
 * io.fleetflow.model.authz.AuthorizationPolicy}).
 */
public enum Permission {
  /** Read objects: get, list, watch, and read-only subresources such as a rollout's history. */
  READ,
  /** Create, change and delete objects, other than by deciding. */
  CHANGE,
  /**
   * Decide: accept or deny a cluster, approve a rollout's stage, or change what a waiting decision
   * is about (a waiting gate's spec).
   */
  DECIDE
}
