package io.fleetflow.gateway.auth;

import java.util.List;

/**
 * An authenticated caller: what it may do is what the hub's RBAC objects allow its user and groups
 * ({@link RequestAuthorizer}).
 *
 * @param user the user name, recorded with every change the caller makes
 * @param groups the user's groups
 */
public record Principal(String user, List<String> groups) {
  public static final String ADMINS = io.fleetflow.model.meta.Roles.ADMINS;
  public static final String OPERATORS = io.fleetflow.model.meta.Roles.OPERATORS;
  public static final String APPROVERS = io.fleetflow.model.meta.Roles.APPROVERS;
  public static final String VIEWERS = io.fleetflow.model.meta.Roles.VIEWERS;
}
