package io.fleetflow.model.takeover;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;

/**
 * The resources of a takeover profile: full Kubernetes manifests, cluster-scoped and namespaced,
 * and per ManagedClusterSet overrides that replace a resource of the same kind, namespace and name
 * or add one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ClusterTakeoverProfileSpec {
  private List<GenericKubernetesResource> resources = new ArrayList<>();
  private List<Override> overrides = new ArrayList<>();

  public List<GenericKubernetesResource> getResources() {
    return resources;
  }

  public void setResources(List<GenericKubernetesResource> resources) {
    this.resources = resources == null ? new ArrayList<>() : resources;
  }

  public List<Override> getOverrides() {
    return overrides;
  }

  public void setOverrides(List<Override> overrides) {
    this.overrides = overrides == null ? new ArrayList<>() : overrides;
  }

  /**
   * Resources that the clusters of one set get instead of (same key) or besides the profile's.
   *
   * @param clusterSet the ManagedClusterSet whose clusters this applies to
   * @param resources the replacing or additional manifests
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Override(String clusterSet, List<GenericKubernetesResource> resources) {
    public Override {
      resources = resources == null ? List.of() : resources;
    }
  }
}
