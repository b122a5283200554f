package io.fleetflow.agent.work;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fleetflow.activities.agent.WorkOwnership;
import io.fleetflow.workflows.work.ClusterChange;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Tells what kind of change an informer saw on an applied object, from the work's view. */
final class ResourceChanges {
  private ResourceChanges() {}

  /**
   * Classifies an update.
   *
   * @return {@link ClusterChange#MODIFIED} when anything but the status changed, {@link
   *     ClusterChange#STATUS_CHANGED} when only the status did, or null when the change is the
   *     agent's own write or no change at all
   */
  static String classify(GenericKubernetesResource before, GenericKubernetesResource after) {
    if (WorkOwnership.isAgentWrite(before, after)) {
      return null;
    }
    Map<String, Object> was = new HashMap<>(before.getAdditionalProperties());
    Map<String, Object> is = new HashMap<>(after.getAdditionalProperties());
    Object statusBefore = was.remove("status");
    Object statusAfter = is.remove("status");
    if (!was.equals(is) || !sameMetadata(before, after)) {
      return ClusterChange.MODIFIED;
    }
    return Objects.equals(statusBefore, statusAfter) ? null : ClusterChange.STATUS_CHANGED;
  }

  /** Compares metadata without what the API server moves on every write. */
  private static boolean sameMetadata(
      GenericKubernetesResource before, GenericKubernetesResource after) {
    var a = before.getMetadata().toBuilder().build();
    var b = after.getMetadata().toBuilder().build();
    for (var meta : List.of(a, b)) {
      meta.setResourceVersion(null);
      meta.setGeneration(null);
      meta.setManagedFields(null);
    }
    return a.equals(b);
  }
}
