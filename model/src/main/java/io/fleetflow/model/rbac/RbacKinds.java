package io.fleetflow.model.rbac;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fleetflow.model.meta.ApiGroups;
import io.fleetflow.model.meta.ResourceKind;

/**
 * Kubernetes' RBAC kinds, {@code rbac.authorization.k8s.io/v1}, as a Kubernetes API server serves
 * them; the gateway authorizes every request by them ({@link io.fleetflow.model.authz.RbacPolicy}).
 */
public final class RbacKinds {
  public static final ResourceKind<ClusterRole> CLUSTER_ROLE =
      ResourceKind.of(ClusterRole.class, ApiGroups.RBAC, ApiGroups.V1, "ClusterRole")
          .validator(RbacValidators.CLUSTER_ROLES)
          .column("Created At", "date", r -> r.getMetadata().getCreationTimestamp())
          .build();

  public static final ResourceKind<Role> ROLE =
      ResourceKind.of(Role.class, ApiGroups.RBAC, ApiGroups.V1, "Role")
          .namespaced()
          .validator(RbacValidators.ROLES)
          .column("Created At", "date", r -> r.getMetadata().getCreationTimestamp())
          .build();

  public static final ResourceKind<ClusterRoleBinding> CLUSTER_ROLE_BINDING =
      ResourceKind.of(ClusterRoleBinding.class, ApiGroups.RBAC, ApiGroups.V1, "ClusterRoleBinding")
          .validator(RbacValidators.CLUSTER_ROLE_BINDINGS)
          .column("Role", "string", b -> role(b.getRoleRef()))
          .column("Age", "date", b -> b.getMetadata().getCreationTimestamp())
          .build();

  public static final ResourceKind<RoleBinding> ROLE_BINDING =
      ResourceKind.of(RoleBinding.class, ApiGroups.RBAC, ApiGroups.V1, "RoleBinding")
          .namespaced()
          .validator(RbacValidators.ROLE_BINDINGS)
          .column("Role", "string", b -> role(b.getRoleRef()))
          .column("Age", "date", b -> b.getMetadata().getCreationTimestamp())
          .build();

  private RbacKinds() {}

  private static String role(RoleRef ref) {
    return ref == null ? "" : ref.getKind() + "/" + ref.getName();
  }
}
