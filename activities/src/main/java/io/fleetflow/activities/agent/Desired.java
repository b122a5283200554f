package io.fleetflow.activities.agent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides whether an object on the cluster already has everything a manifest asks for, so the agent
 * skips writes that would change nothing (OCM's "skipped when semantically equal").
 */
final class Desired {
  private static final List<String> SERVER_OWNED_METADATA =
      List.of("resourceVersion", "uid", "creationTimestamp", "generation", "managedFields");

  private Desired() {}

  /** Returns true when every field the manifest sets has the same value on the cluster. */
  static boolean isSubsetOf(KubernetesClient client, HasMetadata desired, HasMetadata existing) {
    var serialization = client.getKubernetesSerialization();
    @SuppressWarnings("unchecked")
    Map<String, Object> want = serialization.convertValue(desired, Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> have = serialization.convertValue(existing, Map.class);
    want.remove("status");
    Object wantMeta = want.get("metadata");
    if (wantMeta instanceof Map<?, ?> meta) {
      SERVER_OWNED_METADATA.forEach(meta::remove);
    }
    return contains(have, want);
  }

  private static boolean contains(Object have, Object want) {
    if (want instanceof Map<?, ?> wantMap) {
      if (!(have instanceof Map<?, ?> haveMap)) {
        return false;
      }
      return wantMap.entrySet().stream()
          .allMatch(e -> contains(haveMap.get(e.getKey()), e.getValue()));
    }
    if (want instanceof List<?> wantList) {
      if (!(have instanceof List<?> haveList) || haveList.size() != wantList.size()) {
        return false;
      }
      for (int i = 0; i < wantList.size(); i++) {
        if (!contains(haveList.get(i), wantList.get(i))) {
          return false;
        }
      }
      return true;
    }
    return Objects.equals(String.valueOf(have), String.valueOf(want));
  }
}
