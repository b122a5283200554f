package io.fleetflow.cli.connect;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The path of one object of the hub's API, or of one of its subresources ({@code
 * .../manifestworkreplicasets/web/approve}). Names must be valid Kubernetes names, which need no
 * escaping in a URL; the commands check them before they build a path.
 *
 * @param group the kind's API group
 * @param version the kind's API version
 * @param plural the kind's plural resource name
 * @param namespace the object's namespace, or null for a cluster-scoped kind
 * @param name the object's name
 * @param subresource the subresource, or null for the object itself
 */
public record ApiPath(
    String group,
    String version,
    String plural,
    String namespace,
    String name,
    String subresource) {

  /** The path of an object of a kind that fabric8's annotations describe. */
  public static ApiPath of(Class<? extends HasMetadata> kind, String namespace, String name) {
    return new ApiPath(
        HasMetadata.getGroup(kind),
        HasMetadata.getVersion(kind),
        HasMetadata.getPlural(kind),
        namespace,
        name,
        null);
  }

  /** The path of one of this object's subresources. */
  public ApiPath subresource(String subresource) {
    return new ApiPath(group, version, plural, namespace, name, subresource);
  }

  @Override
  public String toString() {
    return "/apis/"
        + group
        + "/"
        + version
        + (namespace == null ? "" : "/namespaces/" + namespace)
        + "/"
        + plural
        + "/"
        + name
        + (subresource == null ? "" : "/" + subresource);
  }
}
