package io.fleetflow.e2e.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.Pluralize;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fleetflow.model.takeover.TakeoverResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What takeover scenarios check on a simulated cluster's own API: that every resource of the hub's
 * takeover profile is there exactly as the profile says, labelled as Fleetflow's, and where on the
 * cluster's API each resource lives (for counting writes).
 */
public final class TakeoverProfiles {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  private TakeoverProfiles() {}

  /**
   * The resources of the hub's {@code default} profile, read through the gateway once the hub has
   * installed it (it does so when it starts).
   */
  public static List<GenericKubernetesResource> defaultProfile(Kubectl kubectl) {
    await("the hub installs the default takeover profile")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> kubectl.run(null, "get", "clustertakeoverprofile", "default").exitCode() == 0);
    try {
      JsonNode profile =
          JSON.readTree(kubectl.ok("get", "clustertakeoverprofile", "default", "-o", "json"));
      List<GenericKubernetesResource> resources = new ArrayList<>();
      profile
          .at("/spec/resources")
          .forEach(
              r ->
                  resources.add(
                      SERIALIZATION.unmarshal(r.toString(), GenericKubernetesResource.class)));
      return resources;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Returns what differs between the profile and the cluster, one line per resource that is
   * missing, not labelled as installed by Fleetflow, or has a field with another value than the
   * profile gives; empty when the cluster has every resource as the profile says.
   */
  public static List<String> differences(
      KubernetesClient cluster, List<GenericKubernetesResource> profile) {
    List<String> differences = new ArrayList<>();
    for (GenericKubernetesResource wanted : profile) {
      String key = TakeoverResources.key(wanted);
      var ofKind = cluster.genericKubernetesResources(wanted.getApiVersion(), wanted.getKind());
      String namespace = wanted.getMetadata().getNamespace();
      GenericKubernetesResource actual =
          (namespace == null ? ofKind : ofKind.inNamespace(namespace))
              .withName(wanted.getMetadata().getName())
              .get();
      if (actual == null) {
        differences.add(key + " is missing");
        continue;
      }
      Map<String, String> labels = actual.getMetadata().getLabels();
      if (labels == null || !"fleetflow-takeover".equals(labels.get(MANAGED_BY))) {
        differences.add(key + " is not labelled " + MANAGED_BY + "=fleetflow-takeover");
      }
      JsonNode want = JSON.valueToTree(SERIALIZATION.convertValue(wanted, Map.class));
      JsonNode have = JSON.valueToTree(SERIALIZATION.convertValue(actual, Map.class));
      Iterator<Map.Entry<String, JsonNode>> fields = want.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (!field.getKey().equals("metadata")
            && !contains(have.path(field.getKey()), field.getValue())) {
          differences.add(
              key
                  + " has "
                  + field.getKey()
                  + "="
                  + have.path(field.getKey())
                  + ", the profile says "
                  + field.getValue());
        }
      }
    }
    return differences;
  }

  /**
   * The path of a profile resource on a cluster's API, such as {@code
   * /apis/rbac.authorization.k8s.io/v1/clusterroles/fleetflow-agent}, as the simulator's write log
   * counts it.
   */
  public static String objectPath(GenericKubernetesResource resource) {
    String version = resource.getApiVersion();
    String prefix = version.contains("/") ? "/apis/" + version : "/api/" + version;
    String namespace = resource.getMetadata().getNamespace();
    return prefix
        + (namespace == null ? "" : "/namespaces/" + namespace)
        + "/"
        + Pluralize.toPlural(resource.getKind().toLowerCase(Locale.ROOT))
        + "/"
        + resource.getMetadata().getName();
  }

  /** Whether {@code have} holds everything {@code want} says (objects may hold more fields). */
  private static boolean contains(JsonNode have, JsonNode want) {
    if (want.isObject()) {
      if (!have.isObject()) {
        return false;
      }
      Iterator<Map.Entry<String, JsonNode>> fields = want.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (!contains(have.path(field.getKey()), field.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (want.isArray()) {
      if (!have.isArray() || have.size() != want.size()) {
        return false;
      }
      for (int i = 0; i < want.size(); i++) {
        if (!contains(have.get(i), want.get(i))) {
          return false;
        }
      }
      return true;
    }
    return want.equals(have);
  }
}
