package io.fleetflow.model.takeover;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a cluster gets from a profile, and in which order. */
class TakeoverResourcesTest {
  private static final String PROFILE =
      """
      metadata: {name: default}
      spec:
        resources:
          - {apiVersion: v1, kind: ConfigMap, metadata: {name: settings, namespace: agent},
             data: {level: info}}
          - {apiVersion: v1, kind: ServiceAccount, metadata: {name: agent, namespace: agent}}
          - {apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole, metadata: {name: agent}}
          - {apiVersion: v1, kind: Namespace, metadata: {name: agent}}
        overrides:
          - clusterSet: edge
            resources:
              - {apiVersion: v1, kind: ConfigMap, metadata: {name: settings, namespace: agent},
                 data: {level: debug}}
              - {apiVersion: v1, kind: Namespace, metadata: {name: edge-tools}}
      """;

  @Test
  void clusterScopedResourcesComeFirstThenNamespacedInKindOrder() throws Exception {
    var spec = ClusterTakeoverProfileValidatorTest.read(PROFILE).getSpec();

    assertThat(TakeoverResources.forClusterSet(spec, "default"))
        .extracting(TakeoverResources::key)
        .containsExactly(
            "Namespace agent",
            "ClusterRole agent",
            "ServiceAccount agent/agent",
            "ConfigMap agent/settings");
  }

  @Test
  void aSetsOverrideReplacesTheSameResourceAndAddsNewOnes() throws Exception {
    var spec = ClusterTakeoverProfileValidatorTest.read(PROFILE).getSpec();

    var edge = TakeoverResources.forClusterSet(spec, "edge");

    assertThat(edge)
        .extracting(TakeoverResources::key)
        .containsExactly(
            "Namespace agent",
            "Namespace edge-tools",
            "ClusterRole agent",
            "ServiceAccount agent/agent",
            "ConfigMap agent/settings");
    assertThat(edge.get(4).getAdditionalProperties().get("data").toString()).contains("debug");
  }
}
