package io.fleetflow.model.action;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;

/** How a ManagedClusterAction went. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ManagedClusterActionStatus {
  private List<Condition> conditions = new ArrayList<>();
  private GenericKubernetesResource result;

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  /** The template the action applied, as the foundation API reports it, or null. */
  public GenericKubernetesResource getResult() {
    return result;
  }

  public void setResult(GenericKubernetesResource result) {
    this.result = result;
  }
}
