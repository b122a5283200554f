package io.fleetflow.model.authz;

import io.fleetflow.model.meta.Permission;

/**
 * One thing a request does and the permission it needs.
 *
 * @param permission the permission
 * @param what what the request does, in words that complete "may not ...": {@code accept or deny
 *     managedclusters}
 */
public record Requirement(Permission permission, String what) {}
