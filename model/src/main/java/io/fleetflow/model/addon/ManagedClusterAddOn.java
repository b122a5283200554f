package io.fleetflow.model.addon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.fleetflow.model.meta.ApiGroups;

/**
 * OCM's ManagedClusterAddOn ({@code addon.open-cluster-management.io/v1alpha1}), in the namespace
 * of its cluster and named as its ClusterManagementAddOn: the add-on installed on that cluster,
 * with OCM's status conditions and the configs it runs with.
 */
@Group(ApiGroups.ADDON)
@Version(ApiGroups.V1ALPHA1)
@Kind("ManagedClusterAddOn")
@Plural("managedclusteraddons")
@Singular("managedclusteraddon")
@JsonIgnoreProperties(ignoreUnknown = true)
public class ManagedClusterAddOn
    extends CustomResource<ManagedClusterAddOnSpec, ManagedClusterAddOnStatus>
    implements Namespaced {
  /** The add-on's agent is healthy (by its health check). */
  public static final String CONDITION_AVAILABLE = "Available";

  /** The add-on's configs were found and rendered. */
  public static final String CONDITION_CONFIGURED = "Configured";

  /** The add-on's work is applied on the cluster. */
  public static final String CONDITION_MANIFEST_APPLIED = "ManifestApplied";

  /** The add-on's desired configs are being applied, or were. */
  public static final String CONDITION_PROGRESSING = "Progressing";

  /** The add-on's hub registration (its own credential) is in place. */
  public static final String CONDITION_REGISTRATION_APPLIED = "RegistrationApplied";

  /** The add-on's pre-delete hook ran to completion. */
  public static final String CONDITION_HOOK_MANIFEST_COMPLETED = "HookManifestCompleted";

  /** OCM's label on an add-on's ManifestWorks, value: the add-on's name. */
  public static final String ADDON_NAME_LABEL = "open-cluster-management.io/addon-name";

  /** OCM's annotation that marks a manifest as the add-on's pre-delete hook. */
  public static final String PRE_DELETE_HOOK = "addon.open-cluster-management.io/addon-pre-delete";

  /** OCM's default install namespace of add-on agents. */
  public static final String DEFAULT_INSTALL_NAMESPACE = "open-cluster-management-agent-addon";

  /** Fleetflow's annotation on add-ons the hub made for a placement, value {@code ns/name}. */
  public static final String INSTALLED_BY = ApiGroups.FLEETFLOW_PREFIX + "addon-installed-by";

  /** Returns the name of the ManifestWork that deploys the add-on, as OCM names it. */
  public static String deployWorkName(String addon) {
    return "addon-" + addon + "-deploy-0";
  }

  /** Returns the name of the ManifestWork that carries the add-on's pre-delete hook. */
  public static String hookWorkName(String addon) {
    return "addon-" + addon + "-pre-delete";
  }

  @Override
  protected ManagedClusterAddOnSpec initSpec() {
    return new ManagedClusterAddOnSpec();
  }

  @Override
  protected ManagedClusterAddOnStatus initStatus() {
    return new ManagedClusterAddOnStatus();
  }
}
