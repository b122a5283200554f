package io.fleetflow.model.clusterset;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.LabelSelector;

/** The desired state of a ManagedClusterSet, with OCM's field names. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ManagedClusterSetSpec {
  private ClusterSelector clusterSelector = new ClusterSelector(ManagedClusterSet.EXCLUSIVE, null);

  public ClusterSelector getClusterSelector() {
    return clusterSelector;
  }

  public void setClusterSelector(ClusterSelector clusterSelector) {
    this.clusterSelector = clusterSelector;
  }

  /** Returns the selector type, OCM's default when unset. */
  public String selectorType() {
    return clusterSelector == null || clusterSelector.selectorType() == null
        ? ManagedClusterSet.EXCLUSIVE
        : clusterSelector.selectorType();
  }

  /**
   * How the set selects its clusters.
   *
   * @param selectorType {@code ExclusiveClusterSetLabel} (the default) or {@code LabelSelector}
   * @param labelSelector the selector of a {@code LabelSelector} set
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ClusterSelector(String selectorType, LabelSelector labelSelector) {}
}
