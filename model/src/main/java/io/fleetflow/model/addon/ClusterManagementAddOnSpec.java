package io.fleetflow.model.addon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetSpec.ApprovalGates;
import io.fleetflow.model.rollout.RolloutStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A ClusterManagementAddOn's spec, with OCM's v1alpha1 field names. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ClusterManagementAddOnSpec {
  private AddOnMeta addOnMeta;
  private List<ConfigMeta> supportedConfigs = new ArrayList<>();
  private InstallStrategy installStrategy;

  public AddOnMeta getAddOnMeta() {
    return addOnMeta;
  }

  public void setAddOnMeta(AddOnMeta addOnMeta) {
    this.addOnMeta = addOnMeta;
  }

  public List<ConfigMeta> getSupportedConfigs() {
    return supportedConfigs;
  }

  public void setSupportedConfigs(List<ConfigMeta> supportedConfigs) {
    this.supportedConfigs = supportedConfigs == null ? new ArrayList<>() : supportedConfigs;
  }

  public InstallStrategy getInstallStrategy() {
    return installStrategy;
  }

  public void setInstallStrategy(InstallStrategy installStrategy) {
    this.installStrategy = installStrategy;
  }

  /** Returns the install strategy's type, {@code Manual} when unset, as OCM defaults it. */
  public String installType() {
    return installStrategy == null || installStrategy.type() == null
        ? InstallStrategy.MANUAL
        : installStrategy.type();
  }

  /** The placements of a {@code Placements} strategy; empty for {@code Manual}. */
  public List<PlacementStrategy> placements() {
    return InstallStrategy.PLACEMENTS.equals(installType()) && installStrategy.placements() != null
        ? installStrategy.placements()
        : List.of();
  }

  /** The install placement with this {@code namespace/name}, if the strategy names it. */
  public Optional<PlacementStrategy> placement(String key) {
    return placements().stream().filter(p -> p.key().equals(key)).findFirst();
  }

  /** How the add-on is shown to people. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record AddOnMeta(String displayName, String description) {}

  /**
   * A config kind the add-on accepts, with its default object.
   *
   * @param group the config's group
   * @param resource the config's plural resource
   * @param defaultConfig the object used when neither the placement nor the cluster names one
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ConfigMeta(String group, String resource, ConfigReferent defaultConfig) {}

  /**
   * Where the hub installs the add-on.
   *
   * @param type {@code Manual} (a ManagedClusterAddOn made by hand) or {@code Placements}
   * @param placements for {@code Placements}: the placements whose clusters get it
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record InstallStrategy(String type, List<PlacementStrategy> placements) {
    public static final String MANUAL = "Manual";
    public static final String PLACEMENTS = "Placements";
  }

  /**
   * One placement of a {@code Placements} strategy.
   *
   * @param namespace the placement's namespace
   * @param name the placement's name
   * @param configs configs for the clusters this placement selects, over the defaults
   * @param rolloutStrategy how a config change reaches those clusters
   * @param approvalGates Fleetflow's approval gates on that rollout, as a ManifestWorkReplicaSet
   *     has them ({@code beforeFirstStage}, {@code betweenStages}, {@code expiry}, {@code
   *     onExpiry}); OCM has no such field
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PlacementStrategy(
      String namespace,
      String name,
      List<AddOnConfig> configs,
      RolloutStrategy rolloutStrategy,
      ApprovalGates approvalGates) {
    /** Returns {@code namespace/name}. */
    public String key() {
      return namespace + "/" + name;
    }
  }
}
