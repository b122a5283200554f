package io.fleetflow.model.authz;

import java.util.Objects;

/**
 * One thing a request asks to do, in the attributes Kubernetes RBAC judges: a verb on a resource
 * (with its subresource, namespace and name) of an API group, or a verb on a non-resource path such
 * as {@code /metrics}. {@link RbacPolicy} decides whether a subject may do it.
 *
 * @param verb the RBAC verb: get, list, watch, create, update, patch, delete, deletecollection, or
 *     a custom one such as {@code bind}; for a path, the lower-cased HTTP method
 * @param group the resource's API group ({@code ""} for the core group); null for a path
 * @param resource the plural resource name, such as {@code managedclusters}; null for a path
 * @param subresource the subresource, such as {@code accept}, or empty
 * @param namespace the namespace, or empty for a cluster-scoped resource or a request across all
 *     namespaces
 * @param name the object's name, or empty for a list, a create without a name, or a collection
 * @param path the non-resource URL path, or null for a resource
 */
public record Access(
    String verb,
    String group,
    String resource,
    String subresource,
    String namespace,
    String name,
    String path) {
  public Access {
    Objects.requireNonNull(verb, "verb");
    subresource = subresource == null ? "" : subresource;
    namespace = namespace == null ? "" : namespace;
    name = name == null ? "" : name;
  }

  /** A verb on a resource. */
  public static Access resource(
      String verb,
      String group,
      String resource,
      String subresource,
      String namespace,
      String name) {
    return new Access(verb, group, resource, subresource, namespace, name, null);
  }

  /** A verb on a non-resource URL path, such as {@code get} on {@code /metrics}. */
  public static Access path(String verb, String path) {
    return new Access(verb, null, null, "", "", "", path);
  }

  /** Returns true for a resource request, false for a non-resource path. */
  public boolean isResource() {
    return path == null;
  }

  /** The resource with its subresource, as rules name it: {@code managedclustersets/bind}. */
  public String resourceWithSubresource() {
    return subresource.isEmpty() ? resource : resource + "/" + subresource;
  }

  /** The same access with another verb. */
  public Access withVerb(String other) {
    return new Access(other, group, resource, subresource, namespace, name, path);
  }

  /**
   * What the access is, in Kubernetes' words after "cannot": {@code update resource
   * "managedclusters/accept" in API group "register.open-cluster-management.io" at the cluster
   * scope}.
   */
  public String describe() {
    if (!isResource()) {
      return verb + " path \"" + path + "\"";
    }
    return verb
        + " resource \""
        + resourceWithSubresource()
        + "\" in API group \""
        + group
        + "\""
        + (namespace.isEmpty()
            ? " at the cluster scope"
            : " in the namespace \"" + namespace + "\"");
  }

  /** A stable text form, which a voucher lists among what it grants. */
  public String key() {
    return isResource()
        ? verb + " " + group + "/" + resourceWithSubresource() + " " + namespace + "/" + name
        : verb + " " + path;
  }
}
