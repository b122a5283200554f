package io.fleetflow.hub;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.client.EntityClient;
import io.fleetflow.client.EntityException;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.ResourceKind;

/** Creates the objects the hub brings with it, once: an object that exists is left as it is. */
final class BuiltInObjects {
  private BuiltInObjects() {}

  /**
   * Creates the object unless it exists; returns true when it was created.
   *
   * @throws EntityException for any refusal other than "already exists"
   */
  static <T extends HasMetadata> boolean ensure(
      EntityClient entities, ResourceKind<T> kind, T object, Actor actor) {
    try {
      entities.create(kind, object, actor);
      return true;
    } catch (EntityException.AlreadyExists e) {
      return false;
    }
  }
}
