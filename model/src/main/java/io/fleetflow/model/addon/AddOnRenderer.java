package io.fleetflow.model.addon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fleetflow.model.addon.AddOnDeploymentConfigSpec.CustomizedVariable;
import io.fleetflow.model.addon.AddOnDeploymentConfigSpec.ImageMirror;
import io.fleetflow.model.work.ManifestWorkSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders an add-on for one cluster as OCM's template add-on manager does: the AddOnTemplate's
 * agent spec with every {@code {{VARIABLE}}} replaced (the built-in {@code CLUSTER_NAME}, {@code
 * INSTALL_NAMESPACE} and {@code HUB_KUBECONFIG}, then the AddOnDeploymentConfig's customized
 * variables), the config's node placement, image mirrors and proxy applied to every pod template,
 * and the pre-delete hook split into a work of its own. Pure: the same inputs give the same works.
 */
public final class AddOnRenderer {
  /** The variable name OCM allows, and the placeholder that uses one. */
  public static final Pattern VARIABLE_NAME = Pattern.compile("[a-zA-Z_][_a-zA-Z0-9]*");

  static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}\\s]*)\\s*}}");

  /** Where OCM mounts the hub kubeconfig of a registered add-on's agent. */
  public static final String HUB_KUBECONFIG_PATH = "/managed/hub-kubeconfig/kubeconfig";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> POD_OWNERS =
      Set.of("Deployment", "DaemonSet", "StatefulSet", "ReplicaSet", "Job");

  private AddOnRenderer() {}

  /**
   * What one cluster gets.
   *
   * @param installNamespace the namespace the agent is installed in
   * @param deploy the add-on's work
   * @param hook the pre-delete hook's work, or null when the template has none
   */
  public record Rendered(String installNamespace, ManifestWorkSpec deploy, ManifestWorkSpec hook) {}

  /** The add-on could not be rendered, for the reason given in words a user can act on. */
  public static final class RenderException extends Exception {
    private final String reason;

    public RenderException(String reason, String message) {
      super(message);
      this.reason = reason;
    }

    /** OCM-style condition reason, such as {@code UndefinedVariable}. */
    public String reason() {
      return reason;
    }
  }

  /**
   * Renders the template for a cluster.
   *
   * @param cluster the cluster's name
   * @param template the add-on's template
   * @param config the deployment config, or null when none applies
   * @param installNamespace the namespace asked for by the ManagedClusterAddOn, or null
   * @param health the add-on's health check, whose feedback rules the work gets
   */
  public static Rendered render(
      String cluster,
      AddOnTemplate template,
      AddOnDeploymentConfigSpec config,
      String installNamespace,
      HealthCheck health)
      throws RenderException {
    String namespace = installNamespace(config, installNamespace);
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("CLUSTER_NAME", cluster);
    variables.put("INSTALL_NAMESPACE", namespace);
    variables.put("HUB_KUBECONFIG", HUB_KUBECONFIG_PATH);
    if (config != null) {
      for (CustomizedVariable v : config.getCustomizedVariables()) {
        variables.putIfAbsent(v.name(), v.value() == null ? "" : v.value());
      }
    }
    ManifestWorkSpec agentSpec = template.getSpec().getAgentSpec();
    if (agentSpec == null || agentSpec.getWorkload().manifests().isEmpty()) {
      throw new RenderException(
          "EmptyTemplate",
          "AddOnTemplate "
              + template.getMetadata().getName()
              + " has no manifests: give spec.agentSpec.workload.manifests");
    }
    List<GenericKubernetesResource> deploy = new ArrayList<>();
    List<GenericKubernetesResource> hook = new ArrayList<>();
    Set<String> undefined = new TreeSet<>();
    for (GenericKubernetesResource manifest : agentSpec.getWorkload().manifests()) {
      ObjectNode node = JSON.valueToTree(manifest);
      JsonNode substituted = substitute(node, variables, undefined);
      ObjectNode object = (ObjectNode) substituted;
      if (object.path("metadata").path("namespace").isMissingNode() && namespaced(object)) {
        object.with("metadata").put("namespace", namespace);
      }
      if (config != null) {
        configurePods(object, config);
      }
      GenericKubernetesResource rendered =
          JSON.convertValue(object, GenericKubernetesResource.class);
      (isHook(object) ? hook : deploy).add(rendered);
    }
    if (!undefined.isEmpty()) {
      throw new RenderException(
          "UndefinedVariable",
          "AddOnTemplate "
              + template.getMetadata().getName()
              + " uses "
              + String.join(", ", undefined.stream().map(v -> "{{" + v + "}}").toList())
              + ", which no AddOnDeploymentConfig of this add-on defines: add "
              + (undefined.size() == 1 ? "it" : "them")
              + " to spec.customizedVariables of the add-on's AddOnDeploymentConfig");
    }
    ManifestWorkSpec deployWork = work(agentSpec, deploy);
    deployWork.setManifestConfigs(
        HealthFeedback.withRules(agentSpec.getManifestConfigs(), deploy, health));
    ManifestWorkSpec hookWork = null;
    if (!hook.isEmpty()) {
      hookWork = work(null, hook);
      hookWork.setManifestConfigs(HealthFeedback.hookCompletion(hook));
    }
    return new Rendered(namespace, deployWork, hookWork);
  }

  /** The install namespace: the config's, else the add-on's own, else OCM's default. */
  public static String installNamespace(AddOnDeploymentConfigSpec config, String requested) {
    if (config != null
        && config.getAgentInstallNamespace() != null
        && !config.getAgentInstallNamespace().isEmpty()) {
      return config.getAgentInstallNamespace();
    }
    return requested == null || requested.isEmpty()
        ? ManagedClusterAddOn.DEFAULT_INSTALL_NAMESPACE
        : requested;
  }

  /** Returns the names of the variables a template uses, in order of first use. */
  public static List<String> placeholders(AddOnTemplate template) {
    Set<String> names = new java.util.LinkedHashSet<>();
    collect(JSON.valueToTree(template.getSpec().getAgentSpec()), names);
    return List.copyOf(names);
  }

  private static void collect(JsonNode node, Set<String> names) {
    if (node.isTextual()) {
      Matcher m = PLACEHOLDER.matcher(node.asText());
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    node.forEach(child -> collect(child, names));
  }

  private static ManifestWorkSpec work(ManifestWorkSpec like, List<GenericKubernetesResource> m) {
    ManifestWorkSpec spec = new ManifestWorkSpec();
    spec.setWorkload(new ManifestWorkSpec.Workload(m));
    if (like != null) {
      spec.setDeleteOption(like.getDeleteOption());
      spec.setManifestConfigs(like.getManifestConfigs());
      spec.setExecutor(like.getExecutor());
    }
    return spec;
  }

  private static JsonNode substitute(
      JsonNode node, Map<String, String> variables, Set<String> undefined) {
    if (node.isTextual()) {
      Matcher m = PLACEHOLDER.matcher(node.asText());
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String value = variables.get(m.group(1));
        if (value == null) {
          undefined.add(m.group(1));
          value = m.group();
        }
        m.appendReplacement(out, Matcher.quoteReplacement(value));
      }
      m.appendTail(out);
      return TextNode.valueOf(out.toString());
    }
    if (node.isObject()) {
      ObjectNode copy = JSON.createObjectNode();
      node.properties()
          .forEach(e -> copy.set(e.getKey(), substitute(e.getValue(), variables, undefined)));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JSON.createArrayNode();
      node.forEach(e -> copy.add(substitute(e, variables, undefined)));
      return copy;
    }
    return node;
  }

  private static boolean isHook(ObjectNode object) {
    return object.path("metadata").path("annotations").has(ManagedClusterAddOn.PRE_DELETE_HOOK);
  }

  /** Cluster-scoped kinds an add-on commonly ships; everything else goes in the namespace. */
  private static boolean namespaced(ObjectNode object) {
    return !Set.of(
            "Namespace",
            "ClusterRole",
            "ClusterRoleBinding",
            "CustomResourceDefinition",
            "PriorityClass",
            "StorageClass",
            "ValidatingWebhookConfiguration",
            "MutatingWebhookConfiguration",
            "APIService")
        .contains(object.path("kind").asText());
  }

  private static void configurePods(ObjectNode object, AddOnDeploymentConfigSpec config) {
    if (!POD_OWNERS.contains(object.path("kind").asText())) {
      return;
    }
    JsonNode podSpec = object.path("spec").path("template").path("spec");
    if (!podSpec.isObject()) {
      return;
    }
    ObjectNode pod = (ObjectNode) podSpec;
    if (config.getNodePlacement() != null) {
      if (config.getNodePlacement().nodeSelector() != null) {
        pod.set("nodeSelector", JSON.valueToTree(config.getNodePlacement().nodeSelector()));
      }
      if (config.getNodePlacement().tolerations() != null) {
        pod.set("tolerations", JSON.valueToTree(config.getNodePlacement().tolerations()));
      }
    }
    for (String field : List.of("containers", "initContainers")) {
      for (JsonNode container : pod.path(field)) {
        if (container instanceof ObjectNode c) {
          mirror(c, config.getRegistries());
          proxy(c, config.getProxyConfig());
        }
      }
    }
  }

  private static void mirror(ObjectNode container, List<ImageMirror> registries) {
    String image = container.path("image").asText("");
    for (ImageMirror m : registries) {
      if (m.source() != null && !m.source().isEmpty() && image.startsWith(m.source())) {
        container.put("image", m.mirror() + image.substring(m.source().length()));
        return;
      }
    }
  }

  private static void proxy(ObjectNode container, AddOnDeploymentConfigSpec.ProxyConfig proxy) {
    if (proxy == null) {
      return;
    }
    Map<String, String> env = new LinkedHashMap<>();
    putIfSet(env, "HTTP_PROXY", proxy.httpProxy());
    putIfSet(env, "HTTPS_PROXY", proxy.httpsProxy());
    putIfSet(env, "NO_PROXY", proxy.noProxy());
    if (env.isEmpty()) {
      return;
    }
    ArrayNode list =
        container.has("env") ? (ArrayNode) container.get("env") : container.putArray("env");
    for (Iterator<JsonNode> it = list.iterator(); it.hasNext(); ) {
      if (env.containsKey(it.next().path("name").asText())) {
        it.remove();
      }
    }
    env.forEach((name, value) -> list.addObject().put("name", name).put("value", value));
  }

  private static void putIfSet(Map<String, String> env, String name, String value) {
    if (value != null && !value.isEmpty()) {
      env.put(name, value);
    }
  }
}
