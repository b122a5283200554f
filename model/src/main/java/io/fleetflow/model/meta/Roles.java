package io.fleetflow.model.meta;

import java.util.List;

/**
 * The groups that give a caller its role, and what each role may do. The gateway checks them on
 * every request; workflows check them again where a decision must hold whoever sends it (an
 * approval sent straight to Temporal does not pass the gateway).
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

  /** Returns true when these groups may change objects other than by deciding. */
  public static boolean mayChange(List<String> groups) {
    return groups != null && (groups.contains(ADMINS) || groups.contains(OPERATORS));
  }

  /** Returns true when these groups may decide: accept or deny clusters, approve stages. */
  public static boolean mayDecide(List<String> groups) {
    return groups != null && (groups.contains(ADMINS) || groups.contains(APPROVERS));
  }
}
