package io.fleetflow.activities.agent;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fleetflow.model.takeover.TakeoverResources;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A whole takeover install in one agent call: the profile's resources to install, in install order,
 * then the ones that left the profile to remove, in removal order. One call instead of one per
 * resource spares Temporal two dozen history events and a progress signal per resource, which is
 * most of what onboarding a cluster costs the server; every step stays idempotent, so a retried
 * call redoes what is done already without writing it again.
 *
 * @param install the resources to create or update, in install order
 * @param uninstall the resources to delete, in removal order
 */
public record TakeoverBatch(
    List<GenericKubernetesResource> install, List<GenericKubernetesResource> uninstall) {
  /** The failure type of a step that the cluster refused. */
  public static final String REFUSED = "InstallRefused";

  public TakeoverBatch {
    install = install == null ? List.of() : List.copyOf(install);
    uninstall = uninstall == null ? List.of() : List.copyOf(uninstall);
  }

  /**
   * Where a batch stopped, carried as the details of its {@link #REFUSED} failure so the hub knows
   * what the call changed before it failed.
   *
   * @param resource the key of the refused resource, as {@link TakeoverResources#key} makes it
   * @param installed how many of {@link #install} were installed before it
   * @param uninstalled how many of {@link #uninstall} were removed before it
   */
  public record Refusal(String resource, int installed, int uninstalled) {}

  /**
   * Runs the batch's steps in order with the given per-resource steps, heartbeating each resource's
   * key before its step, and stops at the first step that fails.
   *
   * @return the outcome of each install, in install order
   * @throws ApplicationFailure of type {@link #REFUSED} with a {@link Refusal} as its details, when
   *     a step failed; retryable, since the cause (a webhook, a quota, RBAC) may pass
   */
  public List<ResourceResult> apply(
      Function<GenericKubernetesResource, ResourceResult> installStep,
      Consumer<GenericKubernetesResource> uninstallStep,
      Consumer<String> heartbeat) {
    List<ResourceResult> results = new ArrayList<>();
    for (GenericKubernetesResource resource : install) {
      String key = TakeoverResources.key(resource);
      heartbeat.accept(key);
      try {
        results.add(installStep.apply(resource));
      } catch (ActivityCompletionException e) {
        // Cancelled or timed out: Temporal's own signal, not the cluster's refusal.
        throw e;
      } catch (RuntimeException e) {
        throw refused(e, new Refusal(key, results.size(), 0));
      }
    }
    int removed = 0;
    for (GenericKubernetesResource resource : uninstall) {
      String key = TakeoverResources.key(resource);
      heartbeat.accept(key);
      try {
        uninstallStep.accept(resource);
      } catch (ActivityCompletionException e) {
        throw e;
      } catch (RuntimeException e) {
        throw refused(e, new Refusal(key, install.size(), removed));
      }
      removed++;
    }
    return results;
  }

  private static ApplicationFailure refused(RuntimeException e, Refusal where) {
    String message =
        e instanceof ApplicationFailure failure ? failure.getOriginalMessage() : e.getMessage();
    if (message == null || !message.contains(where.resource())) {
      message = where.resource() + ": " + message;
    }
    return ApplicationFailure.newFailureWithCause(message, REFUSED, e, where);
  }
}
