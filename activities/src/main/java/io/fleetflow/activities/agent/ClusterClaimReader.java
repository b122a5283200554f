package io.fleetflow.activities.agent;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the cluster's OCM ClusterClaim objects ({@code
 * cluster.open-cluster-management.io/v1alpha1}, cluster-scoped, the value in {@code spec.value}),
 * leaving out those labelled spoke-only. A cluster without the ClusterClaim CRD has no custom
 * claims.
 */
public final class ClusterClaimReader {
  /** The ClusterClaim kind, named explicitly so that reading needs no discovery. */
  public static final ResourceDefinitionContext CLUSTER_CLAIMS =
      new ResourceDefinitionContext.Builder()
          .withGroup("cluster.open-cluster-management.io")
          .withVersion("v1alpha1")
          .withKind("ClusterClaim")
          .withPlural("clusterclaims")
          .withNamespaced(false)
          .build();

  private static final String SPOKE_ONLY = "open-cluster-management.io/spoke-only";

  private ClusterClaimReader() {}

  /** Returns the claims by name; empty when the cluster does not serve ClusterClaims. */
  public static Map<String, String> read(KubernetesClient client) {
    Map<String, String> claims = new TreeMap<>();
    try {
      for (GenericKubernetesResource claim :
          client.genericKubernetesResources(CLUSTER_CLAIMS).list().getItems()) {
        Map<String, String> labels = claim.getMetadata().getLabels();
        if (labels != null && labels.containsKey(SPOKE_ONLY)) {
          continue;
        }
        Object value = claim.get("spec", "value");
        if (value != null) {
          claims.put(claim.getMetadata().getName(), value.toString());
        }
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
    return claims;
  }
}
