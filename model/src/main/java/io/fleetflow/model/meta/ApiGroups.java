package io.fleetflow.model.meta;

/** The API groups and versions that Fleetflow serves, named as OCM names them. */
public final class ApiGroups {
  public static final String CLUSTER = "cluster.open-cluster-management.io";
  public static final String WORK = "work.open-cluster-management.io";

  /** The foundation API group of ManagedClusterView (stolostron's, as OCM users know it). */
  public static final String VIEW = "view.open-cluster-management.io";

  /** The foundation API group of ManagedClusterAction. */
  public static final String ACTION = "action.open-cluster-management.io";

  /** OCM's add-on API group. */
  public static final String ADDON = "addon.open-cluster-management.io";

  /**
   * OCM's registration group, which names the permission to accept a cluster ({@code update} on
   * {@code managedclusters/accept}); it serves no kinds.
   */
  public static final String REGISTER = "register.open-cluster-management.io";

  /** Kubernetes' RBAC group: Roles, ClusterRoles and their bindings. */
  public static final String RBAC = "rbac.authorization.k8s.io";

  /** Kubernetes' authorization group: the access reviews behind {@code kubectl auth can-i}. */
  public static final String AUTHORIZATION = "authorization.k8s.io";

  public static final String V1 = "v1";
  public static final String V1BETA1 = "v1beta1";
  public static final String V1ALPHA1 = "v1alpha1";

  /** Fleetflow's own API group, for kinds OCM does not have. */
  public static final String FLEETFLOW = "fleetflow.io";

  /** Prefix of Fleetflow's own annotations and condition types, so they never clash with OCM's. */
  public static final String FLEETFLOW_PREFIX = "fleetflow.io/";

  private ApiGroups() {}
}
