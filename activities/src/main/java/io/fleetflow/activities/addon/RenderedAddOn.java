package io.fleetflow.activities.addon;

import io.fleetflow.model.addon.AddOnHubPermissions;
import io.fleetflow.model.addon.ClusterManagementAddOnSpec.AddOnMeta;
import io.fleetflow.model.addon.ConfigReference;
import io.fleetflow.model.addon.HealthCheck;
import io.fleetflow.model.addon.ManagedClusterAddOnStatus;
import io.fleetflow.model.addon.ManagedClusterAddOnStatus.Registration;
import io.fleetflow.model.certificates.ClusterNames;
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
 * @param hubBindings the RoleBindings that give its agent the hub permissions its template declares
 *     (empty for renders recorded before add-on registration, which carry null)
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
    ScoreProducer producer,
    List<AddOnHubPermissions.Binding> hubBindings) {

  /** The RoleBindings to keep, never null. */
  public List<AddOnHubPermissions.Binding> bindings() {
    return hubBindings == null ? List.of() : hubBindings;
  }

  /**
   * The subject of the hub client certificate its template asks for ({@code KubeClient}), or null
   * when it asks for none.
   */
  public ManagedClusterAddOnStatus.Subject kubeClientSubject() {
    return registrations == null
        ? null
        : registrations.stream()
            .filter(r -> ClusterNames.SIGNER.equals(r.signerName()))
            .map(Registration::subject)
            .findFirst()
            .orElse(null);
  }

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
        null,
        List.of());
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
