package io.fleetflow.model.view;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;

/** What a ManagedClusterView sees: the object as it is on the cluster, and how reading it goes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ManagedClusterViewStatus {
  private List<Condition> conditions = new ArrayList<>();
  private GenericKubernetesResource result;

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  /** The object as the cluster last showed it, or null when it was never read or is gone. */
  public GenericKubernetesResource getResult() {
    return result;
  }

  public void setResult(GenericKubernetesResource result) {
    this.result = result;
  }
}
