package io.fleetflow.activities.agent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides whether an object on the cluster already is what a manifest asks for, so the agent skips
 * writes that would change nothing (OCM's "skipped when semantically equal").
 *
 * <p>Two checks together: the object carries the hash of the manifest last written to it, so a
 * manifest that dropped a field (a ConfigMap key, say) differs even though everything it still sets
 * is on the cluster; and every field the manifest sets has that value on the cluster, so a change
 * made on the cluster itself (drift) is corrected. Fields the server adds, such as defaults and
 * status, are ignored by both.
 */
final class Desired {
  /** The annotation that records the hash of the manifest last applied to an object. */
  static final String HASH_ANNOTATION = "fleetflow.io/manifest-hash";

  private static final List<String> SERVER_OWNED_METADATA =
      List.of("resourceVersion", "uid", "creationTimestamp", "generation", "managedFields");

  private Desired() {}

  /** Stamps the manifest's hash on it, to be written to the cluster with it. */
  static void stampHash(KubernetesClient client, HasMetadata desired) {
    desired.getMetadata().getAnnotations().remove(HASH_ANNOTATION);
    String json = client.getKubernetesSerialization().asJson(desired);
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      desired
          .getMetadata()
          .getAnnotations()
          .put(HASH_ANNOTATION, java.util.HexFormat.of().formatHex(digest, 0, 16));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Returns true when the object on the cluster is what the stamped manifest asks for. */
  static boolean isSatisfiedBy(KubernetesClient client, HasMetadata desired, HasMetadata existing) {
    Map<String, String> annotations = existing.getMetadata().getAnnotations();
    String written = annotations == null ? null : annotations.get(HASH_ANNOTATION);
    return Objects.equals(written, desired.getMetadata().getAnnotations().get(HASH_ANNOTATION))
        && isSubsetOf(client, desired, existing);
  }

  /** Returns true when every field the manifest sets has the same value on the cluster. */
  private static boolean isSubsetOf(
      KubernetesClient client, HasMetadata desired, HasMetadata existing) {
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
