package io.fleetflow.model.addon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * A ClusterManagementAddOn's status, with OCM's field names (including OCM's spelling {@code
 * defaultconfigReferences}): the default configs by content, and how far each install placement has
 * got.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ClusterManagementAddOnStatus {
  @JsonProperty("defaultconfigReferences")
  private List<DefaultConfigReference> defaultConfigReferences = new ArrayList<>();

  private List<InstallProgression> installProgressions = new ArrayList<>();

  public List<DefaultConfigReference> getDefaultConfigReferences() {
    return defaultConfigReferences;
  }

  public void setDefaultConfigReferences(List<DefaultConfigReference> references) {
    this.defaultConfigReferences = references == null ? new ArrayList<>() : references;
  }

  public List<InstallProgression> getInstallProgressions() {
    return installProgressions;
  }

  public void setInstallProgressions(List<InstallProgression> installProgressions) {
    this.installProgressions =
        installProgressions == null ? new ArrayList<>() : installProgressions;
  }

  /** A default config and the content it has now. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record DefaultConfigReference(
      String group, String resource, ConfigSpecHash desiredConfig) {}

  /**
   * How one install placement stands: the configs its clusters should run with, which of them are
   * applied, and OCM's {@code Progressing} condition.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record InstallProgression(
      String namespace,
      String name,
      List<InstallConfigReference> configReferences,
      List<Condition> conditions) {}

  /** One config of an install placement: desired, last applied everywhere, and last good. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record InstallConfigReference(
      String group,
      String resource,
      ConfigSpecHash desiredConfig,
      ConfigSpecHash lastAppliedConfig,
      ConfigSpecHash lastKnownGoodConfig) {}
}
