package io.fleetflow.activities.agent;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * What the hub asks of an agent to take its cluster over or to release it. A takeover installs the
 * whole profile in one call ({@link #applyProfile}), since onboarding is the hot path of a growing
 * fleet and a call per resource cost the server most of a join's work; a release removes one
 * resource at a time, so that a forced release can stop between any two and say exactly what it
 * left behind. Every method is idempotent: running one twice leaves the cluster as running it once,
 * and an object that already is as the profile says is not written again (its resourceVersion does
 * not move).
 */
@ActivityInterface
public interface TakeoverAgentActivities {
  /** The label every takeover resource carries on the cluster, so operators can find them. */
  String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

  /** The label's value. */
  String MANAGED_BY = "fleetflow-takeover";

  /**
   * Installs the batch's resources in order, then removes the ones that left the profile, with a
   * heartbeat per resource, and returns each install's outcome.
   *
   * @throws io.temporal.failure.ApplicationFailure (retryable) of type {@link
   *     TakeoverBatch#REFUSED}, with a {@link TakeoverBatch.Refusal} saying where, when the cluster
   *     refuses a step
   */
  @ActivityMethod(name = "ApplyTakeoverProfile")
  List<ResourceResult> applyProfile(TakeoverBatch batch);

  /**
   * Creates the resource, or updates it when it differs from the manifest, and returns its outcome;
   * takeovers that started before {@link #applyProfile} existed call it once per resource.
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
