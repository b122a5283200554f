package io.fleetflow.model.placement;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.fleetflow.model.meta.ApiGroups;
import java.util.ArrayList;
import java.util.List;

/**
 * OCM's PlacementDecision: up to {@link #MAX_DECISIONS} of a placement's selected clusters. The
 * gateway derives these objects from the placement's state; nobody writes them.
 */
@Group(ApiGroups.CLUSTER)
@Version(ApiGroups.V1BETA1)
@Kind("PlacementDecision")
@Plural("placementdecisions")
@Singular("placementdecision")
@JsonIgnoreProperties(ignoreUnknown = true)
public class PlacementDecision extends CustomResource<Void, PlacementDecision.Status>
    implements Namespaced {
  /** OCM keeps at most this many decisions in one object. */
  public static final int MAX_DECISIONS = 100;

  @Override
  protected Status initStatus() {
    return new Status();
  }

  /** The decisions this object holds. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class Status {
    private List<ClusterDecision> decisions = new ArrayList<>();

    public List<ClusterDecision> getDecisions() {
      return decisions;
    }

    public void setDecisions(List<ClusterDecision> decisions) {
      this.decisions = decisions;
    }
  }

  /** One selected cluster, and why. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ClusterDecision(String clusterName, String reason) {}
}
