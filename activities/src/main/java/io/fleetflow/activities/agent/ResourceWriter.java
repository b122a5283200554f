package io.fleetflow.activities.agent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fleetflow.model.work.ManifestWorkSpec.ServerSideApplyConfig;
import io.fleetflow.model.work.ManifestWorkSpec.UpdateStrategy;
import java.util.HashMap;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Writes one object to the cluster with the update strategy its work asks for: {@code Update}
 * (replace, skipped when the object already is what the manifest says), {@code CreateOnly} (never
 * touch an existing object) or {@code ServerSideApply} (with the work's field manager, forcing
 * conflicts only when asked). {@code ReadOnly} objects are never given to the writer.
 */
final class ResourceWriter {
  /** How often a write is tried again when another writer created or changed the object. */
  private static final int UPDATE_ATTEMPTS = 3;

  private static final int CONFLICT = 409;

  /** What the writer did and the object as the cluster returned it. */
  record Written(HasMetadata object, String verb) {}

  private final KubernetesClient client;

  ResourceWriter(KubernetesClient client) {
    this.client = client;
  }

  /** Reads the object as the cluster has it now, or null when there is none. */
  HasMetadata read(HasMetadata desired) {
    return client.resource(desired).get();
  }

  /**
   * Creates the object (stamped with its manifest's hash) unless the cluster has it already.
   *
   * @return what was created, or empty when an object of that name exists (409 AlreadyExists)
   * @throws KubernetesClientException when the cluster refuses the object for another reason
   */
  Optional<Written> createIfAbsent(HasMetadata desired) {
    stamp(desired);
    try {
      return Optional.of(new Written(client.resource(desired).create(), "created"));
    } catch (KubernetesClientException e) {
      if (e.getCode() == CONFLICT) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Writes the object.
   *
   * @param firstRead the object on the cluster as the caller just read it (or reads it now), for
   *     the first attempt; a later attempt, after another writer changed the object, reads again
   * @throws KubernetesClientException when the cluster refuses the object; a server-side apply
   *     conflict is a 409 whose status message names the conflicting managers and fields
   */
  Written write(HasMetadata desired, UpdateStrategy strategy, Supplier<HasMetadata> firstRead) {
    Resource<HasMetadata> resource = client.resource(desired);
    if (UpdateStrategy.SERVER_SIDE_APPLY.equals(strategy.type())) {
      return serverSideApply(resource, strategy.serverSideApply(), firstRead.get());
    }
    stamp(desired);
    for (int attempt = 1; ; attempt++) {
      HasMetadata existing = attempt == 1 ? firstRead.get() : resource.get();
      if (existing == null) {
        try {
          return new Written(resource.create(), "created");
        } catch (KubernetesClientException e) {
          // Another writer created the object since it was read (a controller, or this agent's
          // own earlier attempt that Temporal or the client retried): read it again and update it.
          if (e.getCode() != CONFLICT || attempt == UPDATE_ATTEMPTS) {
            throw e;
          }
          continue;
        }
      }
      if (UpdateStrategy.CREATE_ONLY.equals(strategy.type())
          || Desired.isSatisfiedBy(client, desired, existing)) {
        return new Written(existing, "unchanged");
      }
      desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
      try {
        return new Written(resource.update(), "updated");
      } catch (KubernetesClientException e) {
        // A controller (or another writer) changed the object since it was read: read it again.
        if (e.getCode() != CONFLICT || attempt == UPDATE_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private void stamp(HasMetadata desired) {
    if (desired.getMetadata().getAnnotations() == null) {
      desired.getMetadata().setAnnotations(new HashMap<>());
    }
    Desired.stampHash(client, desired);
  }

  private Written serverSideApply(
      Resource<HasMetadata> resource, ServerSideApplyConfig config, HasMetadata before) {
    String fieldManager =
        config == null || config.fieldManager() == null || config.fieldManager().isEmpty()
            ? ServerSideApplyConfig.DEFAULT_FIELD_MANAGER
            : config.fieldManager();
    boolean force = config != null && Boolean.TRUE.equals(config.force());
    var apply = resource.fieldManager(fieldManager);
    HasMetadata applied =
        force ? apply.forceConflicts().serverSideApply() : apply.serverSideApply();
    String verb =
        before == null
            ? "created"
            : Objects.equals(
                    before.getMetadata().getResourceVersion(),
                    applied.getMetadata().getResourceVersion())
                ? "unchanged"
                : "updated";
    return new Written(applied, verb + " by server-side apply as " + fieldManager);
  }
}
