package io.fleetflow.model.takeover;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the hub did with a takeover profile: conditions and how many clusters it notified. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ClusterTakeoverProfileStatus {
  private List<Condition> conditions = new ArrayList<>();
  private Long observedGeneration;
  private Integer notifiedClusters;

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public Integer getNotifiedClusters() {
    return notifiedClusters;
  }

  public void setNotifiedClusters(Integer notifiedClusters) {
    this.notifiedClusters = notifiedClusters;
  }
}
