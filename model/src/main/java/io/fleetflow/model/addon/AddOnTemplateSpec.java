package io.fleetflow.model.addon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fleetflow.model.work.ManifestWorkSpec;
import java.util.ArrayList;
import java.util.List;

/** An AddOnTemplate's spec, with OCM's field names. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class AddOnTemplateSpec {
  private String addonName;
  private ManifestWorkSpec agentSpec;
  private List<RegistrationSpec> registration = new ArrayList<>();

  public String getAddonName() {
    return addonName;
  }

  public void setAddonName(String addonName) {
    this.addonName = addonName;
  }

  public ManifestWorkSpec getAgentSpec() {
    return agentSpec;
  }

  public void setAgentSpec(ManifestWorkSpec agentSpec) {
    this.agentSpec = agentSpec;
  }

  public List<RegistrationSpec> getRegistration() {
    return registration;
  }

  public void setRegistration(List<RegistrationSpec> registration) {
    this.registration = registration == null ? new ArrayList<>() : registration;
  }

  /**
   * A hub credential for the add-on's agent: {@code KubeClient} (a client certificate by the
   * cluster's signer, with the hub permissions listed) or {@code CustomSigner}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RegistrationSpec(
      String type, KubeClientRegistration kubeClient, CustomSignerRegistration customSigner) {
    public static final String KUBE_CLIENT = "KubeClient";
    public static final String CUSTOM_SIGNER = "CustomSigner";
  }

  /** The hub permissions of a {@code KubeClient} registration. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record KubeClientRegistration(List<HubPermission> hubPermissions) {}

  /**
   * One hub permission: a ClusterRole bound in the cluster's namespace ({@code CurrentCluster}) or
   * a role bound in one namespace ({@code SingleNamespace}).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record HubPermission(
      String type, CurrentCluster currentCluster, SingleNamespace singleNamespace) {
    public static final String CURRENT_CLUSTER = "CurrentCluster";
    public static final String SINGLE_NAMESPACE = "SingleNamespace";
  }

  /** The ClusterRole a {@code CurrentCluster} permission binds. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record CurrentCluster(String clusterRoleName) {}

  /** The namespace and role a {@code SingleNamespace} permission binds. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SingleNamespace(String namespace, RoleRef roleRef) {}

  /** A role by API group, kind and name. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RoleRef(String apiGroup, String kind, String name) {}

  /** A {@code CustomSigner} registration: the signer, the subject, and the signing CA's secret. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record CustomSignerRegistration(
      String signerName, ManagedClusterAddOnStatus.Subject subject, SigningCa signingCA) {}

  /** The Secret that holds a custom signer's CA. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SigningCa(String name, String namespace) {}
}
