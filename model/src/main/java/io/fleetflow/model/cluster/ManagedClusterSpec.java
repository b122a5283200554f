package io.fleetflow.model.cluster;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/** The desired state of a ManagedCluster, with OCM's field names. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ManagedClusterSpec {
  private boolean hubAcceptsClient;
  private List<ClientConfig> managedClusterClientConfigs = new ArrayList<>();
  private Integer leaseDurationSeconds = ManagedCluster.DEFAULT_LEASE_DURATION_SECONDS;
  private List<Taint> taints = new ArrayList<>();

  public boolean isHubAcceptsClient() {
    return hubAcceptsClient;
  }

  public void setHubAcceptsClient(boolean hubAcceptsClient) {
    this.hubAcceptsClient = hubAcceptsClient;
  }

  public List<ClientConfig> getManagedClusterClientConfigs() {
    return managedClusterClientConfigs;
  }

  public void setManagedClusterClientConfigs(List<ClientConfig> managedClusterClientConfigs) {
    this.managedClusterClientConfigs = managedClusterClientConfigs;
  }

  public Integer getLeaseDurationSeconds() {
    return leaseDurationSeconds;
  }

  public void setLeaseDurationSeconds(Integer leaseDurationSeconds) {
    this.leaseDurationSeconds = leaseDurationSeconds;
  }

  /** OCM treats an unset or zero lease duration as 60 seconds. */
  public int effectiveLeaseDurationSeconds() {
    return leaseDurationSeconds == null || leaseDurationSeconds == 0
        ? ManagedCluster.DEFAULT_LEASE_DURATION_SECONDS
        : leaseDurationSeconds;
  }

  public List<Taint> getTaints() {
    return taints;
  }

  public void setTaints(List<Taint> taints) {
    this.taints = taints;
  }

  /** One API server endpoint of the managed cluster, as the agent reports it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ClientConfig(String url, String caBundle) {}

  /** A taint that keeps placements from selecting the cluster unless they tolerate it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Taint(String key, String value, String effect, String timeAdded) {}
}
