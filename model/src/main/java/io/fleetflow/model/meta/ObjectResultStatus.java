package io.fleetflow.model.meta;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;

/**
 * The status shape the foundation API gives its views and actions: conditions and one object of the
 * cluster ({@code result}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ObjectResultStatus {
  private List<Condition> conditions = new ArrayList<>();
  private GenericKubernetesResource result;

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  /** The object, or null. */
  public GenericKubernetesResource getResult() {
    return result;
  }

  public void setResult(GenericKubernetesResource result) {
    this.result = result;
  }
}
