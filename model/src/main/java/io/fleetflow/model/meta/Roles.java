package io.fleetflow.model.meta;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The groups that give a caller its role, and the {@link Permission}s each role grants. The gateway
 * checks them on every request; workflows check them again where the state changes, through {@link
 * io.fleetflow.model.authz.AuthorizationPolicy}, from an actor the gateway vouched for.
 *
 * <ul>
 *   <li>{@value #VIEWERS} read;
 *   <li>{@value #OPERATORS} also create, change and delete objects, but do not decide;
 *   <li>{@value #APPROVERS} also decide: accept and deny clusters, approve rollout stages;
 *   <li>{@value #ADMINS} do everything.
 * </ul>
 */
public final class Roles {
  public static final String ADMINS = "fleetflow:admins";
  public static final String OPERATORS = "fleetflow:operators";
  public static final String APPROVERS = "fleetflow:approvers";
  public static final String VIEWERS = "fleetflow:viewers";

  private Roles() {}

  /** The permissions these groups grant together. */
  public static Set<Permission> permissions(List<String> groups) {
    Set<Permission> granted = EnumSet.noneOf(Permission.class);
    if (groups == null) {
      return granted;
    }
    if (groups.contains(ADMINS)) {
      return EnumSet.allOf(Permission.class);
    }
    if (groups.contains(VIEWERS) || groups.contains(OPERATORS) || groups.contains(APPROVERS)) {
      granted.add(Permission.READ);
    }
    if (groups.contains(OPERATORS)) {
      granted.add(Permission.CHANGE);
    }
    if (groups.contains(APPROVERS)) {
      granted.add(Permission.DECIDE);
    }
    return granted;
  }

  /** Which groups grant a permission, for refusals: {@code fleetflow:approvers or ...:admins}. */
  public static String groupsWith(Permission permission) {
    return switch (permission) {
      case READ -> VIEWERS + ", " + OPERATORS + ", " + APPROVERS + " or " + ADMINS;
      case CHANGE -> OPERATORS + " or " + ADMINS;
      case DECIDE -> APPROVERS + " or " + ADMINS;
    };
  }

  /** Returns true when these groups may change objects other than by deciding. */
  public static boolean mayChange(List<String> groups) {
    return permissions(groups).contains(Permission.CHANGE);
  }

  /** Returns true when these groups may decide: accept or deny clusters, approve stages. */
  public static boolean mayDecide(List<String> groups) {
    return permissions(groups).contains(Permission.DECIDE);
  }
}
