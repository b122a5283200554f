package io.fleetflow.model.placement;

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
 * OCM's Placement: selects clusters from the sets bound in its namespace by predicates,
 * prioritizers and tolerations, and groups the chosen ones into decision groups.
 */
@Group(ApiGroups.CLUSTER)
@Version(ApiGroups.V1BETA1)
@Kind("Placement")
@Plural("placements")
@Singular("placement")
@JsonIgnoreProperties(ignoreUnknown = true)
public class Placement extends CustomResource<PlacementSpec, PlacementStatus>
    implements Namespaced {
  public static final String CONDITION_SATISFIED = "PlacementSatisfied";
  public static final String CONDITION_MISCONFIGURED = "PlacementMisconfigured";

  /** The label that ties a PlacementDecision to its placement. */
  public static final String PLACEMENT_LABEL = ApiGroups.CLUSTER + "/placement";

  public static final String GROUP_INDEX_LABEL = ApiGroups.CLUSTER + "/decision-group-index";
  public static final String GROUP_NAME_LABEL = ApiGroups.CLUSTER + "/decision-group-name";

  @Override
  protected PlacementSpec initSpec() {
    return new PlacementSpec();
  }

  @Override
  protected PlacementStatus initStatus() {
    return new PlacementStatus();
  }
}
