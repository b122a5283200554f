package io.fleetflow.model.takeover;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fleetflow.model.work.ApplyOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Resolves what a profile installs on one cluster, in install order: the profile's resources with
 * the overrides of the cluster's set applied (a resource with the same key is replaced, others are
 * added), cluster-scoped resources first, then namespaced ones, each group in OCM's kind order and
 * otherwise in the order the profile lists them. Uninstalling goes in the reverse order.
 */
public final class TakeoverResources {
  private TakeoverResources() {}

  /** The identity of a resource on a cluster: {@code Kind namespace/name} or {@code Kind name}. */
  public static String key(GenericKubernetesResource resource) {
    String namespace = resource.getMetadata().getNamespace();
    return resource.getKind()
        + " "
        + (namespace == null || namespace.isEmpty() ? "" : namespace + "/")
        + resource.getMetadata().getName();
  }

  /**
   * Returns the resources for a cluster in the given set (null when it is in none), in install
   * order.
   */
  public static List<GenericKubernetesResource> forClusterSet(
      ClusterTakeoverProfileSpec spec, String clusterSet) {
    Map<String, GenericKubernetesResource> byKey = new LinkedHashMap<>();
    spec.getResources().forEach(r -> byKey.put(key(r), r));
    spec.getOverrides().stream()
        .filter(o -> Objects.equals(o.clusterSet(), clusterSet))
        .flatMap(o -> o.resources().stream())
        .forEach(r -> byKey.put(key(r), r));
    return installOrder(new ArrayList<>(byKey.values()));
  }

  /** Sorts resources into install order; the sort is stable, so ties keep the profile's order. */
  public static List<GenericKubernetesResource> installOrder(
      List<GenericKubernetesResource> resources) {
    List<GenericKubernetesResource> sorted = new ArrayList<>(resources);
    sorted.sort(
        Comparator.comparingInt(
                (GenericKubernetesResource r) ->
                    TakeoverKinds.clusterScoped(r.getKind()).orElse(false) ? 0 : 1)
            .thenComparingInt(r -> ApplyOrder.rank(r.getKind())));
    return sorted;
  }
}
