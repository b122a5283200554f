package io.fleetflow.model.addon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cases of OCM's add-on v1beta1 enhancement (158), each a v1alpha1 object and its v1beta1 form:
 * converted both ways to exactly the other, so a round trip loses nothing.
 */
class AddOnV1beta1Test {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "a supported config without a default",
            AddOnV1beta1.CLUSTER_MANAGEMENT_ADD_ON,
            """
            apiVersion: addon.open-cluster-management.io/v1alpha1
            kind: ClusterManagementAddOn
            metadata: {name: application-manager}
            spec:
              supportedConfigs:
              - {group: addon.open-cluster-management.io, resource: addondeploymentconfigs}
            """,
            """
            apiVersion: addon.open-cluster-management.io/v1beta1
            kind: ClusterManagementAddOn
            metadata: {name: application-manager}
            spec:
              defaultConfigs:
              - {group: addon.open-cluster-management.io, resource: addondeploymentconfigs,
                 name: __reserved_no_default__}
            """),
        Arguments.of(
            "a supported config with a default, and an install strategy",
            AddOnV1beta1.CLUSTER_MANAGEMENT_ADD_ON,
            """
            apiVersion: addon.open-cluster-management.io/v1alpha1
            kind: ClusterManagementAddOn
            metadata: {name: application-manager}
            spec:
              supportedConfigs:
              - group: addon.open-cluster-management.io
                resource: addondeploymentconfigs
                defaultConfig: {name: default-deploy-config, namespace: open-cluster-management}
              installStrategy:
                type: Placements
                placements: [{name: all, namespace: default}]
            """,
            """
            apiVersion: addon.open-cluster-management.io/v1beta1
            kind: ClusterManagementAddOn
            metadata: {name: application-manager}
            spec:
              defaultConfigs:
              - {group: addon.open-cluster-management.io, resource: addondeploymentconfigs,
                 name: default-deploy-config, namespace: open-cluster-management}
              installStrategy:
                type: Placements
                placements: [{name: all, namespace: default}]
            """),
        Arguments.of(
            "an install namespace, a kubeClient registration and config references",
            AddOnV1beta1.MANAGED_CLUSTER_ADD_ON,
            """
            apiVersion: addon.open-cluster-management.io/v1alpha1
            kind: ManagedClusterAddOn
            metadata: {name: helloworld, namespace: cluster1}
            spec: {installNamespace: helloworld}
            status:
              registrations:
              - signerName: kubernetes.io/kube-apiserver-client
                subject: {user: foo, groups: [group1]}
                driver: csr
              configReferences:
              - group: addon.open-cluster-management.io
                resource: addontemplates
                name: managed-serviceaccount-2.10
                desiredConfig: {name: managed-serviceaccount-2.10, specHash: "649d"}
                lastAppliedConfig: {name: managed-serviceaccount-2.10, specHash: "649d"}
                lastObservedGeneration: 1
            """,
            """
            apiVersion: addon.open-cluster-management.io/v1beta1
            kind: ManagedClusterAddOn
            metadata:
              name: helloworld
              namespace: cluster1
              annotations:
                addon.open-cluster-management.io/v1alpha1-install-namespace: helloworld
            spec: {}
            status:
              registrations:
              - type: kubeClient
                kubeClient:
                  subject: {user: foo, groups: [group1]}
                  driver: csr
              configReferences:
              - group: addon.open-cluster-management.io
                resource: addontemplates
                desiredConfig: {name: managed-serviceaccount-2.10, specHash: "649d"}
                lastAppliedConfig: {name: managed-serviceaccount-2.10, specHash: "649d"}
                lastObservedGeneration: 1
            """),
        Arguments.of(
            "a customSigner registration",
            AddOnV1beta1.MANAGED_CLUSTER_ADD_ON,
            """
            apiVersion: addon.open-cluster-management.io/v1alpha1
            kind: ManagedClusterAddOn
            metadata: {name: custom-addon, namespace: cluster1}
            status:
              registrations:
              - signerName: example.com/signer1
                subject: {user: foo, groups: [group1], organizationUnits: [group1]}
            """,
            """
            apiVersion: addon.open-cluster-management.io/v1beta1
            kind: ManagedClusterAddOn
            metadata: {name: custom-addon, namespace: cluster1}
            status:
              registrations:
              - type: customSigner
                customSigner:
                  signerName: example.com/signer1
                  subject: {user: foo, groups: [group1], organizationUnits: [group1]}
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachVersionConvertsToExactlyTheOther(
      String scenario,
      io.fleetflow.model.meta.VersionConversion conversion,
      String v1alpha1,
      String v1beta1)
      throws Exception {
    assertThat(conversion.toServed(tree(v1alpha1))).isEqualTo(tree(v1beta1));
    // Including what v1beta1 drops: v1alpha1's duplicated config names come from desiredConfig.
    assertThat(conversion.toStored(tree(v1beta1))).isEqualTo(tree(v1alpha1));
  }

  private static ObjectNode tree(String yaml) throws Exception {
    return (ObjectNode) YAML.readTree(yaml);
  }
}
