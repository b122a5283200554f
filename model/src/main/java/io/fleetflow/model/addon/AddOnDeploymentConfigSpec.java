package io.fleetflow.model.addon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An AddOnDeploymentConfig's spec, with OCM's field names. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class AddOnDeploymentConfigSpec {
  private List<CustomizedVariable> customizedVariables = new ArrayList<>();
  private NodePlacement nodePlacement;
  private List<ImageMirror> registries = new ArrayList<>();
  private ProxyConfig proxyConfig;
  private String agentInstallNamespace;

  public List<CustomizedVariable> getCustomizedVariables() {
    return customizedVariables;
  }

  public void setCustomizedVariables(List<CustomizedVariable> customizedVariables) {
    this.customizedVariables =
        customizedVariables == null ? new ArrayList<>() : customizedVariables;
  }

  public NodePlacement getNodePlacement() {
    return nodePlacement;
  }

  public void setNodePlacement(NodePlacement nodePlacement) {
    this.nodePlacement = nodePlacement;
  }

  public List<ImageMirror> getRegistries() {
    return registries;
  }

  public void setRegistries(List<ImageMirror> registries) {
    this.registries = registries == null ? new ArrayList<>() : registries;
  }

  public ProxyConfig getProxyConfig() {
    return proxyConfig;
  }

  public void setProxyConfig(ProxyConfig proxyConfig) {
    this.proxyConfig = proxyConfig;
  }

  public String getAgentInstallNamespace() {
    return agentInstallNamespace;
  }

  public void setAgentInstallNamespace(String agentInstallNamespace) {
    this.agentInstallNamespace = agentInstallNamespace;
  }

  /** A template variable and its value ({@code {{NAME}}} in the template's manifests). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record CustomizedVariable(String name, String value) {}

  /** Where the agent's pods run: a node selector and tolerations for every workload. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record NodePlacement(Map<String, String> nodeSelector, List<Toleration> tolerations) {}

  /** An image registry and the mirror that replaces it in every container image. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ImageMirror(String source, String mirror) {}

  /** The proxy the agent's containers reach the network through, as environment variables. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ProxyConfig(String httpProxy, String httpsProxy, String noProxy, String caBundle) {}
}
