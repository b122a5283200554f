package io.fleetflow.gateway.auth;

import java.util.List;

/**
 * An authenticated caller and the roles its groups give it:
 *
 * <ul>
 *   <li>{@value #VIEWERS} read;
 *   <li>{@value #OPERATORS} also create, change and delete objects, but do not decide on clusters;
 *   <li>{@value #APPROVERS} also accept and deny clusters;
 *   <li>{@value #ADMINS} do everything.
 * </ul>
 *
 * @param user the user name, recorded with every change the caller makes
 * @param groups the user's groups
 */
public record Principal(String user, List<String> groups) {
  public static final String ADMINS = "fleetflow:admins";
  public static final String OPERATORS = "fleetflow:operators";
  public static final String APPROVERS = "fleetflow:approvers";
  public static final String VIEWERS = "fleetflow:viewers";

  /** Returns true when the caller may send any change at all (viewers may not). */
  public boolean mayWrite() {
    return mayChange(groups) || mayDecide(groups);
  }

  /** Returns true when these groups may change objects other than by deciding on clusters. */
  public static boolean mayChange(List<String> groups) {
    return groups.contains(ADMINS) || groups.contains(OPERATORS);
  }

  /** Returns true when these groups may accept or deny clusters. */
  public static boolean mayDecide(List<String> groups) {
    return groups.contains(ADMINS) || groups.contains(APPROVERS);
  }
}
