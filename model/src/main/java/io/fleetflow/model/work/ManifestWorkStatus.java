package io.fleetflow.model.work;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** The observed state of a ManifestWork, in OCM's shape. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ManifestWorkStatus {
  private List<Condition> conditions = new ArrayList<>();
  private ResourceStatus resourceStatus = new ResourceStatus(new ArrayList<>());

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public ResourceStatus getResourceStatus() {
    return resourceStatus;
  }

  public void setResourceStatus(ResourceStatus resourceStatus) {
    this.resourceStatus = resourceStatus;
  }

  /** The status of every manifest of the work. */
  public record ResourceStatus(List<ManifestCondition> manifests) {}

  /** The status of one manifest, identified by its {@code resourceMeta}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ManifestCondition(ResourceMeta resourceMeta, List<Condition> conditions) {}

  /** Identifies a manifest by its ordinal in the work and by its coordinates on the cluster. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ResourceMeta(
      int ordinal,
      String group,
      String version,
      String kind,
      String resource,
      String name,
      String namespace) {}
}
