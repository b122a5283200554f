package io.fleetflow.agent.work;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fleetflow.activities.agent.WorkOwnership;
import io.fleetflow.workflows.work.ClusterChange;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** Tells what kind of change an informer saw on an applied object, from the work's view. */
final class ResourceChanges {
  private ResourceChanges() {}

  /**
   * Classifies an update.
   *
   * @param applied the object as the agent last wrote it (or first saw it), or null when unknown
   * @param before the object before the update
   * @param after the object after the update
   * @return {@link ClusterChange#MODIFIED} when someone else changed what the work sets, {@link
   *     ClusterChange#STATUS_CHANGED} when only the status changed, or null when the change is the
   *     agent's own write (a new manifest, or the restore of a drift) or no change at all
   */
  static String classify(
      GenericKubernetesResource applied,
      GenericKubernetesResource before,
      GenericKubernetesResource after) {
    if (WorkOwnership.isAgentWrite(before, after)) {
      return null;
    }
    boolean statusChanged =
        !Objects.equals(
            before.getAdditionalProperties().get("status"),
            after.getAdditionalProperties().get("status"));
    boolean contentChanged = !sameContent(before, after);
    if (contentChanged && (applied == null || !sameContent(applied, after))) {
      return ClusterChange.MODIFIED;
    }
    return statusChanged ? ClusterChange.STATUS_CHANGED : null;
  }

  /**
   * Compares what a manifest can set: the object's fields except its status, and the labels,
   * annotations, owner references and finalizers of its metadata.
   */
  private static boolean sameContent(GenericKubernetesResource a, GenericKubernetesResource b) {
    return content(a).equals(content(b));
  }

  private static Map<String, Object> content(GenericKubernetesResource object) {
    Map<String, Object> content = new HashMap<>(object.getAdditionalProperties());
    content.remove("status");
    var meta = object.getMetadata();
    content.put("labels", Objects.requireNonNullElse(meta.getLabels(), Map.of()));
    content.put("annotations", Objects.requireNonNullElse(meta.getAnnotations(), Map.of()));
    content.put("ownerReferences", Objects.requireNonNullElse(meta.getOwnerReferences(), Map.of()));
    content.put("finalizers", Objects.requireNonNullElse(meta.getFinalizers(), Map.of()));
    return content;
  }
}
