package io.fleetflow.activities.agent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fleetflow.model.work.ManifestWorkSpec.ServerSideApplyConfig;
import io.fleetflow.model.work.ManifestWorkSpec.UpdateStrategy;
import java.util.HashMap;
import java.util.Objects;

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

  /**
   * Writes the object.
   *
   * @throws KubernetesClientException when the cluster refuses the object; a server-side apply
   *     conflict is a 409 whose status message names the conflicting managers and fields
   */
  Written write(HasMetadata desired, UpdateStrategy strategy) {
    Resource<HasMetadata> resource = client.resource(desired);
    if (UpdateStrategy.SERVER_SIDE_APPLY.equals(strategy.type())) {
      return serverSideApply(resource, strategy.serverSideApply());
    }
    if (desired.getMetadata().getAnnotations() == null) {
      desired.getMetadata().setAnnotations(new HashMap<>());
    }
    Desired.stampHash(client, desired);
    for (int attempt = 1; ; attempt++) {
      HasMetadata existing = resource.get();
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

  private Written serverSideApply(Resource<HasMetadata> resource, ServerSideApplyConfig config) {
    String fieldManager =
        config == null || config.fieldManager() == null || config.fieldManager().isEmpty()
            ? ServerSideApplyConfig.DEFAULT_FIELD_MANAGER
            : config.fieldManager();
    boolean force = config != null && Boolean.TRUE.equals(config.force());
    HasMetadata before = resource.get();
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
