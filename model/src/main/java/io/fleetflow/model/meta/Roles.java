package io.fleetflow.model.meta;

/**
 * Fleetflow's four groups, which the default ClusterRoleBindings ({@link
 * io.fleetflow.model.authz.DefaultPolicy}) bind to the default roles:
 *
 * <ul>
 *   <li>{@value #VIEWERS} read;
 *   <li>{@value #OPERATORS} also create, change and delete objects, but do not decide;
 *   <li>{@value #APPROVERS} also decide: accept and deny clusters, approve rollout stages;
 *   <li>{@value #ADMINS} do everything.
 * </ul>
 *
 * What a caller may do is what the hub's RBAC objects allow; these groups are only where a new hub
 * starts.
 */
public final class Roles {
  public static final String ADMINS = "fleetflow:admins";
  public static final String OPERATORS = "fleetflow:operators";
  public static final String APPROVERS = "fleetflow:approvers";
  public static final String VIEWERS = "fleetflow:viewers";

  private Roles() {}
}
