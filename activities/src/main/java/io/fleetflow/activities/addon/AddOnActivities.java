package io.fleetflow.activities.addon;

import io.fleetflow.model.addon.AddOnConfig;
import io.fleetflow.model.addon.ConfigReference;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.placement.AddOnPlacementScore;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * What the add-on workflows ask of the hub: the configs of an add-on resolved and rendered into
 * works for one cluster, the ManagedClusterAddOns a placement install creates and removes, and the
 * notices that carry a config change to the add-ons that use it.
 */
@ActivityInterface
public interface AddOnActivities {
  /**
   * Resolves the add-on's configs for one cluster (the add-on's own, over the install placement's,
   * over the ClusterManagementAddOn's defaults, kind by kind) and renders its works. Never fails
   * for bad configuration: a missing add-on, template or config, or a variable the template uses
   * and no config defines, comes back as {@link RenderedAddOn#problem()} for the add-on's status.
   */
  @ActivityMethod(name = "RenderAddOn")
  RenderedAddOn render(AddOnRenderRequest request);

  /**
   * Reads the configs and returns each with the hash of its spec now, so that a change of content
   * under the same name is a new revision of the add-on; a config that does not exist has no hash.
   */
  @ActivityMethod(name = "HashAddOnConfigs")
  List<ConfigReference> hash(List<AddOnConfig> configs);

  /**
   * Creates the add-on's ManagedClusterAddOn on a cluster a placement selected, annotated with the
   * placement, unless the cluster has one already (made by hand or by another placement).
   *
   * @return true when it created one
   */
  @ActivityMethod(name = "InstallAddOn")
  boolean install(String cluster, String addOn, String placement, Actor actor);

  /**
   * Deletes the add-on's ManagedClusterAddOn from a cluster. With {@code onlyIfInstalledBy} set, an
   * add-on made by hand or for another placement stays.
   *
   * @return true when a deletion started
   */
  @ActivityMethod(name = "UninstallAddOn")
  boolean uninstall(String cluster, String addOn, String onlyIfInstalledBy, Actor actor);

  /**
   * Writes an AddOnPlacementScore into the cluster's namespace (creating it, or replacing its
   * scores), valid until the time given, as an add-on's agent would write it on OCM.
   */
  @ActivityMethod(name = "PublishAddOnScore")
  void publishScore(
      String cluster,
      String name,
      List<AddOnPlacementScore.Score> scores,
      String validUntil,
      Actor actor);

  /** The add-ons on one cluster (its ManagedClusterAddOns, deleting ones too), sorted. */
  @ActivityMethod(name = "AddOnsOnCluster")
  List<String> addOnsOn(String cluster);

  /** The clusters that have a ManagedClusterAddOn of the add-on, sorted. */
  @ActivityMethod(name = "ClustersWithAddOn")
  List<String> clustersWith(String addOn);

  /**
   * Tells every ClusterManagementAddOn that a config changed (signal {@code configChanged}); each
   * passes it on to the add-ons that use the config.
   *
   * @return how many add-ons were told
   */
  @ActivityMethod(name = "NotifyConfigChanged")
  int configChanged(AddOnConfig config);

  /**
   * Signals {@code configsChanged} to every ManagedClusterAddOn of the add-on, so that each renders
   * again: its ClusterManagementAddOn appeared or changed, or a config it reads did.
   *
   * @return how many were told
   */
  @ActivityMethod(name = "RenderAddOnsAgain")
  int renderAgain(String addOn, List<String> clusters);
}
