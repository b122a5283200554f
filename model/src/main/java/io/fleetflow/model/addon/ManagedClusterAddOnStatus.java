package io.fleetflow.model.addon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import io.fleetflow.model.addon.ClusterManagementAddOnSpec.AddOnMeta;
import java.util.ArrayList;
import java.util.List;

/** A ManagedClusterAddOn's status, with OCM's field names. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ManagedClusterAddOnStatus {
  private List<Condition> conditions = new ArrayList<>();
  private String namespace;
  private AddOnMeta addOnMeta;
  private List<ConfigReference> configReferences = new ArrayList<>();
  private List<Registration> registrations = new ArrayList<>();
  private HealthCheckMode healthCheck;

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions == null ? new ArrayList<>() : conditions;
  }

  /** The namespace on the cluster that the agent is installed in. */
  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public AddOnMeta getAddOnMeta() {
    return addOnMeta;
  }

  public void setAddOnMeta(AddOnMeta addOnMeta) {
    this.addOnMeta = addOnMeta;
  }

  public List<ConfigReference> getConfigReferences() {
    return configReferences;
  }

  public void setConfigReferences(List<ConfigReference> configReferences) {
    this.configReferences = configReferences == null ? new ArrayList<>() : configReferences;
  }

  public List<Registration> getRegistrations() {
    return registrations;
  }

  public void setRegistrations(List<Registration> registrations) {
    this.registrations = registrations == null ? new ArrayList<>() : registrations;
  }

  public HealthCheckMode getHealthCheck() {
    return healthCheck;
  }

  public void setHealthCheck(HealthCheckMode healthCheck) {
    this.healthCheck = healthCheck;
  }

  /** OCM's {@code healthCheck}: {@code Lease} or {@code Customized}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record HealthCheckMode(String mode) {}

  /** A hub credential the add-on's agent asks for: its signer and subject, as OCM lists them. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Registration(String signerName, Subject subject) {}

  /** The subject of an add-on's credential. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Subject(String user, List<String> groups) {}
}
