package io.fleetflow.model.takeover;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The kinds a takeover profile may hold, with their scope. The list is closed on purpose: the hub
 * must know whether a resource is cluster-scoped (installed first, removed last) or namespaced
 * (needs a namespace) before any agent sees it, and a typo in a kind should be refused, not retried
 * on every cluster.
 */
public final class TakeoverKinds {
  private static final Map<String, Boolean> CLUSTER_SCOPED = new TreeMap<>();

  static {
    for (String kind :
        new String[] {
          "Namespace",
          "CustomResourceDefinition",
          "ClusterRole",
          "ClusterRoleBinding",
          "PriorityClass",
          "StorageClass",
          "IngressClass",
          "RuntimeClass",
          "PersistentVolume",
          "MutatingWebhookConfiguration",
          "ValidatingWebhookConfiguration",
          "APIService"
        }) {
      CLUSTER_SCOPED.put(kind, true);
    }
    for (String kind :
        new String[] {
          "ServiceAccount",
          "Role",
          "RoleBinding",
          "ConfigMap",
          "Secret",
          "Service",
          "ResourceQuota",
          "LimitRange",
          "NetworkPolicy",
          "PodDisruptionBudget",
          "Deployment",
          "DaemonSet",
          "StatefulSet",
          "Job",
          "CronJob"
        }) {
      CLUSTER_SCOPED.put(kind, false);
    }
  }

  private TakeoverKinds() {}

  /** Returns whether the kind is cluster-scoped, or empty for a kind a profile may not hold. */
  public static Optional<Boolean> clusterScoped(String kind) {
    return Optional.ofNullable(kind == null ? null : CLUSTER_SCOPED.get(kind));
  }

  /** Every kind a profile may hold, sorted, for error messages. */
  public static Iterable<String> supported() {
    return CLUSTER_SCOPED.keySet();
  }
}
