package io.fleetflow.activities.agent;

import io.fabric8.kubernetes.api.model.Condition;
import io.fleetflow.model.work.ManifestWorkStatus.FeedbackValue;
import io.fleetflow.model.work.ManifestWorkStatus.ResourceMeta;
import java.util.List;

/**
 * The outcome of applying one manifest, and what the agent read from it afterwards.
 *
 * @param meta where the manifest lives on the cluster
 * @param uid the object's UID on the cluster, once it exists
 * @param applied whether the desired state was written
 * @param available whether the object exists on the cluster
 * @param reason a CamelCase reason for the outcome, such as {@code AppliedManifestComplete}
 * @param message the outcome in words, naming the error when there was one
 * @param statusFeedback the values the manifest's feedback rules read, or null without rules
 * @param conditions the resource's own conditions beyond Applied and Available: those of its
 *     condition rules and, for well-known workloads, the derived {@code Progressing} and {@code
 *     Degraded}; without transition times, which the hub sets; null when there are none
 */
public record ResourceResult(
    ResourceMeta meta,
    String uid,
    boolean applied,
    boolean available,
    String reason,
    String message,
    List<FeedbackValue> statusFeedback,
    List<Condition> conditions) {
  /** An outcome without feedback or conditions. */
  public ResourceResult(
      ResourceMeta meta,
      String uid,
      boolean applied,
      boolean available,
      String reason,
      String message) {
    this(meta, uid, applied, available, reason, message, null, null);
  }

  /** Returns this outcome with another reason. */
  public ResourceResult withReason(String otherReason) {
    return new ResourceResult(
        meta, uid, applied, available, otherReason, message, statusFeedback, conditions);
  }

  /** Returns this outcome with what was read from the object on the cluster. */
  public ResourceResult withStatus(List<FeedbackValue> feedback, List<Condition> read) {
    return new ResourceResult(meta, uid, applied, available, reason, message, feedback, read);
  }
}
