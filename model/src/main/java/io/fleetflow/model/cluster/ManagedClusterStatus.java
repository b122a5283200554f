package io.fleetflow.model.cluster;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The observed state of a ManagedCluster, in OCM's shape. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ManagedClusterStatus {
  private List<Condition> conditions = new ArrayList<>();
  private Map<String, String> capacity = new LinkedHashMap<>();
  private Map<String, String> allocatable = new LinkedHashMap<>();
  private Version version;
  private List<ClusterClaim> clusterClaims = new ArrayList<>();

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public Map<String, String> getCapacity() {
    return capacity;
  }

  public void setCapacity(Map<String, String> capacity) {
    this.capacity = capacity;
  }

  public Map<String, String> getAllocatable() {
    return allocatable;
  }

  public void setAllocatable(Map<String, String> allocatable) {
    this.allocatable = allocatable;
  }

  public Version getVersion() {
    return version;
  }

  public void setVersion(Version version) {
    this.version = version;
  }

  public List<ClusterClaim> getClusterClaims() {
    return clusterClaims;
  }

  public void setClusterClaims(List<ClusterClaim> clusterClaims) {
    this.clusterClaims = clusterClaims;
  }

  /** The Kubernetes version of the managed cluster. */
  public record Version(String kubernetes) {}

  /** A claim the cluster makes about itself, such as {@code id.k8s.io}. */
  public record ClusterClaim(String name, String value) {}
}
