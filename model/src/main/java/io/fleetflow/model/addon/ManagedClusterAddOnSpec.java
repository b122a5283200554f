package io.fleetflow.model.addon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * A ManagedClusterAddOn's spec, with OCM's field names: the install namespace (deprecated in OCM in
 * favour of an AddOnDeploymentConfig's {@code agentInstallNamespace}, still sent by clusteradm) and
 * the configs for this cluster, which win over the placement's and the defaults.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ManagedClusterAddOnSpec {
  private String installNamespace;
  private List<AddOnConfig> configs = new ArrayList<>();

  public String getInstallNamespace() {
    return installNamespace;
  }

  public void setInstallNamespace(String installNamespace) {
    this.installNamespace = installNamespace;
  }

  public List<AddOnConfig> getConfigs() {
    return configs;
  }

  public void setConfigs(List<AddOnConfig> configs) {
    this.configs = configs == null ? new ArrayList<>() : configs;
  }
}
