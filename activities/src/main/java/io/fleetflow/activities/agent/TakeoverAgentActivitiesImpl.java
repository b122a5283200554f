package io.fleetflow.activities.agent;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;

/** The agent's side of {@link TakeoverAgentActivities}, on its own cluster through fabric8. */
public class TakeoverAgentActivitiesImpl implements TakeoverAgentActivities {
  private static final Duration DELETE_POLL = Duration.ofMillis(200);

  private final KubernetesClient client;
  private final ClusterObjects objects;

  /**
   * @param client a client of the agent's own cluster
   */
  public TakeoverAgentActivitiesImpl(KubernetesClient client) {
    this.client = client;
    this.objects = new ClusterObjects(client);
  }

  @Override
  public List<ResourceResult> applyProfile(TakeoverBatch batch) {
    return batch.apply(
        this::install, this::uninstall, key -> Activity.getExecutionContext().heartbeat(key));
  }

  @Override
  public ResourceResult install(GenericKubernetesResource manifest) {
    HasMetadata desired = objects.typed(manifest);
    var meta = ClusterObjects.meta(0, desired);
    if (desired.getMetadata().getLabels() == null) {
      desired.getMetadata().setLabels(new HashMap<>());
    }
    desired.getMetadata().getLabels().put(MANAGED_BY_LABEL, MANAGED_BY);
    if (desired.getMetadata().getAnnotations() == null) {
      desired.getMetadata().setAnnotations(new HashMap<>());
    }
    Desired.stampHash(client, desired);
    try {
      Resource<HasMetadata> resource = objects.resource(desired);
      HasMetadata existing = resource.get();
      String what;
      HasMetadata result;
      if (existing == null) {
        result = resource.create();
        what = "created";
      } else if (Desired.isSatisfiedBy(client, desired, existing)) {
        result = existing;
        what = "unchanged";
      } else {
        desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
        result = resource.update();
        what = "updated";
      }
      return new ResourceResult(
          meta,
          result.getMetadata().getUid(),
          true,
          true,
          "Installed",
          meta.kind() + " " + meta.name() + " " + what);
    } catch (KubernetesClientException e) {
      throw ApplicationFailure.newFailure(
          "the cluster refused " + meta.kind() + " " + meta.name() + ": " + e.getMessage(),
          TakeoverBatch.REFUSED);
    }
  }

  @Override
  public void uninstall(GenericKubernetesResource manifest) {
    Resource<HasMetadata> resource = objects.resource(objects.typed(manifest));
    resource.delete();
    while (resource.get() != null) {
      Activity.getExecutionContext().heartbeat(manifest.getKind());
      try {
        Thread.sleep(DELETE_POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ApplicationFailure.newFailure(
            "interrupted while waiting for deletion", "Interrupted");
      }
    }
  }
}
