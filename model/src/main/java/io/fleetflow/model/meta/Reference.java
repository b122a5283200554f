package io.fleetflow.model.meta;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.function.Function;

/**
 * Objects that an object names and that must exist when it is written, in its own namespace: a
 * ManifestWorkReplicaSet's placements, or it would wait for decisions that never come. The API
 * refuses a write that names a missing object with a 422 naming the field.
 *
 * @param target the kind of the named objects
 * @param names the fields that name them, with the names
 * @param <T> the referring kind's type
 */
public record Reference<T extends HasMetadata>(
    ResourceKind<? extends HasMetadata> target, Function<T, List<Named>> names) {
  /**
   * One named object.
   *
   * @param field the field that names it, such as {@code spec.placementRefs[0].name}
   * @param name the name
   */
  public record Named(String field, String name) {}
}
