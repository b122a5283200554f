package io.fleetflow.activities.addon;

import io.fleetflow.model.addon.ClusterManagementAddOnSpec.AddOnMeta;
import io.fleetflow.model.addon.ConfigReference;
import io.fleetflow.model.addon.HealthCheck;
import io.fleetflow.model.addon.ManagedClusterAddOnStatus.Registration;
import io.fleetflow.model.work.ManifestWorkSpec;
import java.util.List;

/**
 * An add-on rendered for one cluster, or why it could not be.
 *
 * @param problem null when rendered; else what is wrong, for the add-on's {@code Configured}
 * @param managedByHub false when the add-on's lifecycle is {@code self}: the hub deploys nothing
 * @param installNamespace the namespace its agent runs in
 * @param deploy the add-on's work
 * @param hook its pre-delete hook's work, or null
 * @param contentHash the hash of both works, which says whether anything changed
 * @param configReferences the configs used, with their spec hashes
 * @param health how its health is judged
 * @param addOnMeta its ClusterManagementAddOn's display name and description
 * @param registrations the hub credentials its template asks for
 * @param producer what the hub produces for the add-on on each cluster, or null
 */
public record RenderedAddOn(
    Problem problem,
    boolean managedByHub,
    String installNamespace,
    ManifestWorkSpec deploy,
    ManifestWorkSpec hook,
    String contentHash,
    List<ConfigReference> configReferences,
    HealthCheck health,
    AddOnMeta addOnMeta,
    List<Registration> registrations,
    ScoreProducer producer) {

  /** Returns a result that says only what is wrong. */
  public static RenderedAddOn failed(String reason, String message) {
    return new RenderedAddOn(
        new Problem(reason, message),
        true,
        null,
        null,
        null,
        null,
        List.of(),
        null,
        null,
        List.of(),
        null);
  }

  /**
   * Fleetflow's built-in score producer ({@link
   * io.fleetflow.model.addon.ClusterManagementAddOn#SCORE_PRODUCER}): every {@code periodSeconds}
   * the cluster's agent measures its free resources and the hub writes the add-on's
   * AddOnPlacementScore.
   */
  public record ScoreProducer(String name, long periodSeconds) {}

  /**
   * Why an add-on could not be rendered.
   *
   * @param reason a condition reason, such as {@code TemplateNotFound}
   * @param message what to do about it
   */
  public record Problem(String reason, String message) {}
}
