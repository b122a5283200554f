package io.fleetflow.workflows.work;

import io.fleetflow.activities.agent.AppliedResource;
import io.fleetflow.model.work.ManifestWorkSpec.ResourceIdentifier;
import io.fleetflow.model.work.ManifestWorkStatus.ResourceMeta;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** How a work identifies the resources it applied, by coordinates and UID. */
final class AppliedResources {
  private AppliedResources() {}

  /** The resource's coordinates as one key: group, kind, namespace and name. */
  static String key(ResourceMeta meta) {
    return meta.group()
        + "/"
        + meta.kind()
        + "/"
        + Objects.requireNonNullElse(meta.namespace(), "")
        + "/"
        + meta.name();
  }

  /** Pairs each resource with the UID the work recorded for it. */
  static List<AppliedResource> withUids(List<ResourceMeta> resources, Map<String, String> uids) {
    return resources.stream().map(r -> new AppliedResource(r, uids.get(key(r)))).toList();
  }

  /** Returns true when the two describe the same object, whatever their ordinals. */
  static boolean sameObject(ResourceMeta a, ResourceMeta b) {
    return key(a).equals(key(b));
  }

  /** Returns true when a {@code SelectivelyOrphan} rule names the resource. */
  static boolean orphanedBy(ResourceIdentifier rule, ResourceMeta r) {
    return Objects.equals(Objects.requireNonNullElse(rule.group(), ""), r.group())
        && Objects.equals(rule.resource(), r.resource())
        && Objects.equals(rule.name(), r.name())
        && Objects.equals(
            Objects.requireNonNullElse(rule.namespace(), ""),
            Objects.requireNonNullElse(r.namespace(), ""));
  }
}
