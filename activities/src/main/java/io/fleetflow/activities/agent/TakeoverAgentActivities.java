package io.fleetflow.activities.agent;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * What the hub asks of an agent to take its cluster over or to release it: one management resource
 * at a time, so that every step has its own history entry, retry and summary. Both methods are
 * idempotent; running one twice leaves the cluster as running it once, and an object that already
 * is as the profile says is not written again (its resourceVersion does not move).
 */
@ActivityInterface
public interface TakeoverAgentActivities {
  /** The label every takeover resource carries on the cluster, so operators can find them. */
  String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

  /** The label's value. */
  String MANAGED_BY = "fleetflow-takeover";

  /**
   * Creates the resource, or updates it when it differs from the manifest, and returns its outcome.
   *
   * @throws io.temporal.failure.ApplicationFailure (retryable) when the cluster refuses it
   */
  @ActivityMethod(name = "InstallTakeoverResource")
  ResourceResult install(GenericKubernetesResource resource);

  /**
   * Deletes the resource and returns once it is gone; a resource that is already gone counts as
   * removed.
   */
  @ActivityMethod(name = "UninstallTakeoverResource")
  void uninstall(GenericKubernetesResource resource);
}
