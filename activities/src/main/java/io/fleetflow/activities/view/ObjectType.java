package io.fleetflow.activities.view;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * A type of object as the cluster serves it.
 *
 * @param group the API group, empty for the core group
 * @param version the version
 * @param kind the kind
 * @param plural the resource
 * @param namespaced whether its objects live in namespaces
 */
public record ObjectType(
    String group, String version, String kind, String plural, boolean namespaced) {
  /** The type as fabric8's generic client takes it. */
  public ResourceDefinitionContext context() {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(namespaced)
        .build();
  }

  /** The apiVersion of its objects. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }
}
