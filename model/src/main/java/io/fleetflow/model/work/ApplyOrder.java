package io.fleetflow.model.work;

import java.util.List;

/**
 * OCM's order for applying a work's manifests: cluster-scoped objects and namespaces first, then
 * RBAC, policy, configuration, networking, workloads, and webhooks last, so that each object finds
 * what it depends on and no webhook intercepts the objects applied with it.
 */
public final class ApplyOrder {
  private static final List<List<String>> RANKS =
      List.of(
          List.of("Namespace", "CustomResourceDefinition", "PriorityClass", "StorageClass"),
          List.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"),
          List.of("ResourceQuota", "LimitRange", "PodSecurityPolicy", "PodDisruptionBudget"),
          List.of("ConfigMap", "Secret", "PersistentVolume", "PersistentVolumeClaim"),
          List.of("Service", "Ingress", "NetworkPolicy", "Endpoints"),
          List.of(
              "Deployment",
              "StatefulSet",
              "DaemonSet",
              "ReplicaSet",
              "Job",
              "CronJob",
              "Pod",
              "HorizontalPodAutoscaler"));
  private static final List<String> WEBHOOKS =
      List.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "APIService");

  private ApplyOrder() {}

  /**
   * Returns the rank of a kind; lower ranks are applied first. Unknown kinds (custom resources) go
   * after workloads and before webhooks.
   */
  public static int rank(String kind) {
    for (int i = 0; i < RANKS.size(); i++) {
      if (RANKS.get(i).contains(kind)) {
        return i;
      }
    }
    return WEBHOOKS.contains(kind) ? RANKS.size() + 1 : RANKS.size();
  }
}
