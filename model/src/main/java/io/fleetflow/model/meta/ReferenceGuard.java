package io.fleetflow.model.meta;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.function.Function;

/**
 * A field that names another object, and which needs a permission on that object to set or change,
 * as OCM guards cluster sets: putting a cluster into a set (its label {@code
 * cluster.open-cluster-management.io/clusterset}) needs {@code create} on {@code
 * managedclustersets/join} of both the old and the new set, and binding a set into a namespace
 * needs {@code create} on {@code managedclustersets/bind} of the set.
 *
 * @param target the name of the object the field names, or null when it names none
 * @param group the API group of the named object's kind
 * @param resource the named object's plural resource name
 * @param subresource the subresource whose permission is needed
 * @param verb the RBAC verb
 * @param what what setting the field does, in words: {@code put managedclusters into set}
 * @param <T> the kind's type
 */
public record ReferenceGuard<T extends HasMetadata>(
    Function<T, String> target,
    String group,
    String resource,
    String subresource,
    String verb,
    String what) {
  /** The name the field holds in {@code object}, or null (also for no object). */
  public String targetOf(T object) {
    if (object == null) {
      return null;
    }
    String name = target.apply(object);
    return name == null || name.isEmpty() ? null : name;
  }
}
