package io.fleetflow.model.clusterset;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** The desired state of a ManagedClusterSetBinding: the set it binds. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ManagedClusterSetBindingSpec {
  private String clusterSet;

  public String getClusterSet() {
    return clusterSet;
  }

  public void setClusterSet(String clusterSet) {
    this.clusterSet = clusterSet;
  }
}
