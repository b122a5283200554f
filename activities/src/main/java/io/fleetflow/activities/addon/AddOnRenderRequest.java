package io.fleetflow.activities.addon;

import io.fleetflow.model.addon.AddOnConfig;
import io.fleetflow.model.addon.ClusterManagementAddOn;
import java.util.List;

/**
 * One add-on on one cluster, to render.
 *
 * @param cluster the cluster (the ManagedClusterAddOn's namespace)
 * @param addOn the add-on's name
 * @param installNamespace the ManagedClusterAddOn's {@code spec.installNamespace}, or null
 * @param placement the install placement ({@code namespace/name}) that made the add-on, or null
 * @param configs the ManagedClusterAddOn's own {@code spec.configs}
 * @param rolloutConfigs the configs its ClusterManagementAddOn's rollout gives it, or null when the
 *     add-on takes the current ones (installed by hand, or before any rollout reached it)
 * @param manager the ClusterManagementAddOn as the rollout sent it, or null to read it
 */
public record AddOnRenderRequest(
    String cluster,
    String addOn,
    String installNamespace,
    String placement,
    List<AddOnConfig> configs,
    List<AddOnConfig> rolloutConfigs,
    ClusterManagementAddOn manager) {}
