package io.fleetflow.activities.agent;

import io.fabric8.kubernetes.api.Pluralize;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fleetflow.model.work.ManifestWorkStatus.ResourceMeta;
import java.util.Locale;

/**
 * Turns manifests into fabric8 resources of the agent's cluster. Known kinds become their typed
 * classes so the client needs no discovery; other kinds stay generic.
 */
final class ClusterObjects {
  private static final String DEFAULT_NAMESPACE = "default";
  private final KubernetesClient client;

  ClusterObjects(KubernetesClient client) {
    this.client = client;
  }

  /** Converts a manifest to the most specific type the client knows, with its namespace set. */
  HasMetadata typed(GenericKubernetesResource manifest) {
    var serialization = client.getKubernetesSerialization();
    HasMetadata typed = serialization.unmarshal(serialization.asJson(manifest));
    if (typed instanceof Namespaced && typed.getMetadata().getNamespace() == null) {
      typed.getMetadata().setNamespace(DEFAULT_NAMESPACE);
    }
    return typed;
  }

  /** Returns the client's handle on the object. */
  Resource<HasMetadata> resource(HasMetadata typed) {
    return client.resource(typed);
  }

  /** Describes where a manifest lives on the cluster, as OCM's resourceMeta does. */
  static ResourceMeta meta(int ordinal, HasMetadata typed) {
    String apiVersion = typed.getApiVersion();
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    String resource =
        typed instanceof GenericKubernetesResource
            ? Pluralize.toPlural(typed.getKind().toLowerCase(Locale.ROOT))
            : HasMetadata.getPlural(typed.getClass());
    return new ResourceMeta(
        ordinal,
        group,
        version,
        typed.getKind(),
        resource,
        typed.getMetadata().getName(),
        typed.getMetadata().getNamespace());
  }
}
