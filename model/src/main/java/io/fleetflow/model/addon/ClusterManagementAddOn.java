package io.fleetflow.model.addon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.fleetflow.model.meta.ApiGroups;

/**
 * OCM's ClusterManagementAddOn ({@code addon.open-cluster-management.io/v1alpha1}, cluster-scoped):
 * one add-on as the fleet knows it: what configures it by default, and whether it is installed by
 * hand (a ManagedClusterAddOn per cluster) or on every cluster of some placements.
 */
@Group(ApiGroups.ADDON)
@Version(ApiGroups.V1ALPHA1)
@Kind("ClusterManagementAddOn")
@Plural("clustermanagementaddons")
@Singular("clustermanagementaddon")
@JsonIgnoreProperties(ignoreUnknown = true)
public class ClusterManagementAddOn
    extends CustomResource<ClusterManagementAddOnSpec, ClusterManagementAddOnStatus> {
  /** OCM's annotation that says who manages the add-on's lifecycle. */
  public static final String LIFECYCLE = "addon.open-cluster-management.io/lifecycle";

  /** The lifecycle value by which the hub's add-on manager installs and configures it. */
  public static final String LIFECYCLE_ADDON_MANAGER = "addon-manager";

  /** The lifecycle value by which the add-on's own manager does, and the hub leaves it alone. */
  public static final String LIFECYCLE_SELF = "self";

  /**
   * Fleetflow's annotation naming how the health of the add-on's agents is judged: {@code Lease},
   * {@code DeploymentAvailability}, {@code WorkField} or {@code None} ({@link HealthCheck}).
   */
  public static final String HEALTH_CHECK = ApiGroups.FLEETFLOW_PREFIX + "addon-health-check";

  /**
   * For {@code WorkField} health: the feedback value that says the agent is healthy, as {@code
   * <kind>/<namespace>/<name>:<json path>=<value>}, such as {@code
   * Deployment/ns/probe:.status.readyReplicas=1}.
   */
  public static final String HEALTH_PROBE = ApiGroups.FLEETFLOW_PREFIX + "addon-health-probe";

  /**
   * Fleetflow's built-in producer of an add-on: {@code resource-usage-score} makes the add-on write
   * an AddOnPlacementScore of each cluster's free CPU and memory ({@link ResourceScores}), measured
   * by the cluster's agent every {@link #SCORE_PERIOD} (default one minute).
   */
  public static final String SCORE_PRODUCER = ApiGroups.FLEETFLOW_PREFIX + "addon-score-producer";

  /** How often the score producer measures, as a duration such as {@code 30s} or {@code 5m}. */
  public static final String SCORE_PERIOD = ApiGroups.FLEETFLOW_PREFIX + "addon-score-period";

  /** Returns true when the hub installs and configures the add-on (OCM's default). */
  public boolean managedByHub() {
    String lifecycle =
        getMetadata().getAnnotations() == null
            ? null
            : getMetadata().getAnnotations().get(LIFECYCLE);
    return lifecycle == null || !LIFECYCLE_SELF.equals(lifecycle);
  }

  @Override
  protected ClusterManagementAddOnSpec initSpec() {
    return new ClusterManagementAddOnSpec();
  }

  @Override
  protected ClusterManagementAddOnStatus initStatus() {
    return new ClusterManagementAddOnStatus();
  }
}
