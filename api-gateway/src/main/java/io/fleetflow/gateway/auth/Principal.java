package io.fleetflow.gateway.auth;

import io.fleetflow.model.meta.Roles;
import java.util.List;

/**
 * An authenticated caller and the roles its groups give it (see {@link Roles}):
 *
 * <ul>
 *   <li>{@value #VIEWERS} read;
 *   <li>{@value #OPERATORS} also create, change and delete objects, but do not decide on clusters;
 *   <li>{@value #APPROVERS} also accept and deny clusters and approve rollout stages;
 *   <li>{@value #ADMINS} do everything.
 * </ul>
 *
 * @param user the user name, recorded with every change the caller makes
 * @param groups the user's groups
 */
public record Principal(String user, List<String> groups) {
  public static final String ADMINS = Roles.ADMINS;
  public static final String OPERATORS = Roles.OPERATORS;
  public static final String APPROVERS = Roles.APPROVERS;
  public static final String VIEWERS = Roles.VIEWERS;

  /** Returns true when the caller may send any change at all (viewers may not). */
  public boolean mayWrite() {
    return mayChange(groups) || mayDecide(groups);
  }

  /** Returns true when these groups may change objects other than by deciding on clusters. */
  public static boolean mayChange(List<String> groups) {
    return Roles.mayChange(groups);
  }

  /** Returns true when these groups may accept or deny clusters and approve rollout stages. */
  public static boolean mayDecide(List<String> groups) {
    return Roles.mayDecide(groups);
  }
}
