package io.fleetflow.model.addon;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fleetflow.model.addon.AddOnTemplateSpec.HubPermission;
import io.fleetflow.model.addon.AddOnTemplateSpec.RegistrationSpec;
import io.fleetflow.model.certificates.ClusterNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RoleBindings that give an add-on's agent on one cluster exactly the hub permissions its
 * template's {@code KubeClient} registration declares, as OCM's add-on manager makes them: a {@code
 * CurrentCluster} permission binds its ClusterRole in the cluster's namespace, a {@code
 * SingleNamespace} permission binds its role in its namespace. Each binds only the group of that
 * add-on on that cluster ({@link ClusterNames#addOnGroup}), which is in the add-on agent's
 * certificate, so one cluster's add-on reaches nothing of another cluster's. Pure.
 */
public final class AddOnHubPermissions {
  /** The RBAC API group. */
  public static final String RBAC_GROUP = "rbac.authorization.k8s.io";

  private AddOnHubPermissions() {}

  /**
   * One RoleBinding to keep.
   *
   * @param namespace where it is
   * @param name its name: {@code open-cluster-management:addon:<addon>:<cluster>:<role>}
   * @param roleKind {@code ClusterRole} or {@code Role}
   * @param roleName the role's name
   */
  public record Binding(String namespace, String name, String roleKind, String roleName) {}

  /** The bindings the template's registrations ask for, for the add-on on that cluster. */
  public static List<Binding> of(String cluster, String addOn, AddOnTemplate template) {
    Map<String, Binding> bindings = new LinkedHashMap<>();
    for (RegistrationSpec r : template.getSpec().getRegistration()) {
      if (!RegistrationSpec.KUBE_CLIENT.equals(r.type())
          || r.kubeClient() == null
          || r.kubeClient().hubPermissions() == null) {
        continue;
      }
      for (HubPermission p : r.kubeClient().hubPermissions()) {
        Binding b = binding(cluster, addOn, p);
        if (b != null) {
          bindings.putIfAbsent(b.namespace() + "/" + b.name(), b);
        }
      }
    }
    return new ArrayList<>(bindings.values());
  }

  private static Binding binding(String cluster, String addOn, HubPermission p) {
    if (HubPermission.CURRENT_CLUSTER.equals(p.type()) && p.currentCluster() != null) {
      String role = p.currentCluster().clusterRoleName();
      return new Binding(cluster, name(addOn, cluster, role), "ClusterRole", role);
    }
    if (HubPermission.SINGLE_NAMESPACE.equals(p.type())
        && p.singleNamespace() != null
        && p.singleNamespace().roleRef() != null) {
      var ref = p.singleNamespace().roleRef();
      return new Binding(
          p.singleNamespace().namespace(),
          name(addOn, cluster, ref.name()),
          ref.kind(),
          ref.name());
    }
    return null;
  }

  private static String name(String addOn, String cluster, String role) {
    return "open-cluster-management:addon:" + addOn + ":" + cluster + ":" + role;
  }

  /** The labels that find an add-on's bindings on a cluster again, OCM's label names. */
  public static Map<String, String> labels(String cluster, String addOn) {
    return Map.of(ClusterNames.CLUSTER_NAME_LABEL, cluster, ClusterNames.ADDON_NAME_LABEL, addOn);
  }

  /** The RoleBinding object of a binding. */
  public static RoleBinding roleBinding(Binding binding, String cluster, String addOn) {
    ObjectMeta meta = new ObjectMeta();
    meta.setNamespace(binding.namespace());
    meta.setName(binding.name());
    meta.setLabels(new LinkedHashMap<>(labels(cluster, addOn)));
    RoleBinding roleBinding = new RoleBinding();
    roleBinding.setMetadata(meta);
    roleBinding.setRoleRef(new RoleRef(RBAC_GROUP, binding.roleKind(), binding.roleName()));
    roleBinding.setSubjects(
        List.of(new Subject(RBAC_GROUP, "Group", ClusterNames.addOnGroup(cluster, addOn), null)));
    return roleBinding;
  }
}
