package io.fleetflow.model.addon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fleetflow.model.validation.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The add-on kinds' admission rules: each refusal names the field and what would be right. */
class AddOnValidatorsTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void anAddOnAsClusteradmCreatesItIsValid() throws Exception {
    assertThat(
            AddOnValidators.CLUSTER_MANAGEMENT_ADD_ONS.validateCreate(
                cma(
                    """
                    supportedConfigs:
                    - {group: addon.open-cluster-management.io, resource: addontemplates, defaultConfig: {name: probe-1}}
                    installStrategy: {type: Manual}
                    """)))
        .isEmpty();
  }

  @Test
  void aConfigKindNothingReadsIsRefusedWithTheKindsThatAre() throws Exception {
    assertThat(
            AddOnValidators.CLUSTER_MANAGEMENT_ADD_ONS.validateCreate(
                cma("supportedConfigs: [{group: apps, resource: deployments}]")))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("spec.supportedConfigs[0]");
              assertThat(e.message()).contains("apps/deployments", ConfigKinds.SUPPORTED.get(0));
            });
  }

  @Test
  void aPlacementsStrategyNeedsPlacementsEachOnceWithValidRolloutsAndGates() throws Exception {
    List<FieldError> errors =
        AddOnValidators.CLUSTER_MANAGEMENT_ADD_ONS.validateCreate(
            cma(
                """
                installStrategy:
                  type: Placements
                  placements:
                  - {namespace: ops, name: all, rolloutStrategy: {type: Sometimes}}
                  - {namespace: ops, name: all, approvalGates: {onExpiry: Explode}}
                """));
    assertThat(errors)
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder(
            "spec.installStrategy.placements[0].rolloutStrategy.type",
            "spec.installStrategy.placements[1]",
            "spec.installStrategy.placements[1].approvalGates.onExpiry");
    assertThat(
            AddOnValidators.CLUSTER_MANAGEMENT_ADD_ONS.validateCreate(
                cma("installStrategy: {type: Placements}")))
        .extracting(FieldError::field)
        .containsExactly("spec.installStrategy.placements");
  }

  @Test
  void aHealthCheckMustBeOneOcmKnowsAndAWorkFieldNeedsAProbe() throws Exception {
    ClusterManagementAddOn addOn = cma("{}");
    addOn
        .getMetadata()
        .setAnnotations(
            new java.util.HashMap<>(
                java.util.Map.of(ClusterManagementAddOn.HEALTH_CHECK, "Vibes")));
    assertThat(AddOnValidators.CLUSTER_MANAGEMENT_ADD_ONS.validateCreate(addOn))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("Lease", "DeploymentAvailability"));
    addOn.getMetadata().getAnnotations().put(ClusterManagementAddOn.HEALTH_CHECK, "WorkField");
    assertThat(AddOnValidators.CLUSTER_MANAGEMENT_ADD_ONS.validateCreate(addOn))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("<kind>/<namespace>/<name>"));
  }

  @Test
  void anAddOnsConfigsAreOfKnownKindsOncePerKindAndDeploymentConfigsNameANamespace()
      throws Exception {
    ManagedClusterAddOn addOn =
        YAML.readValue(
            """
            apiVersion: addon.open-cluster-management.io/v1alpha1
            kind: ManagedClusterAddOn
            metadata: {name: probe, namespace: east}
            spec:
              installNamespace: "Not_A_Namespace"
              configs:
              - {group: addon.open-cluster-management.io, resource: addondeploymentconfigs, name: a}
              - {group: addon.open-cluster-management.io, resource: addondeploymentconfigs, name: b, namespace: x}
              - {group: "", resource: configmaps, name: c}
            """,
            ManagedClusterAddOn.class);
    assertThat(AddOnValidators.MANAGED_CLUSTER_ADD_ONS.validateCreate(addOn))
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder(
            "spec.installNamespace",
            "spec.configs[0].namespace",
            "spec.configs[1]",
            "spec.configs[2]");
  }

  @Test
  void variablesHaveOcmsNamesAndEachIsDefinedOnce() throws Exception {
    AddOnDeploymentConfig config =
        YAML.readValue(
            """
            apiVersion: addon.open-cluster-management.io/v1alpha1
            kind: AddOnDeploymentConfig
            metadata: {name: c, namespace: ops}
            spec:
              customizedVariables:
              - {name: "9lives", value: x}
              - {name: LEVEL, value: a}
              - {name: LEVEL, value: b}
              registries: [{source: quay.io}]
            """,
            AddOnDeploymentConfig.class);
    assertThat(AddOnValidators.DEPLOYMENT_CONFIGS.validateCreate(config))
        .extracting(FieldError::field)
        .containsExactly(
            "spec.customizedVariables[0].name",
            "spec.customizedVariables[2].name",
            "spec.registries[0].mirror");
  }

  @Test
  void aTemplateNeedsItsAddOnAValidWorkAndPlaceholdersThatAreVariables() throws Exception {
    AddOnTemplate template =
        YAML.readValue(
            """
            apiVersion: addon.open-cluster-management.io/v1alpha1
            kind: AddOnTemplate
            metadata: {name: t}
            spec:
              agentSpec:
                workload:
                  manifests:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: "{{not-a-variable}}"}}
              registration:
              - {type: KubeClient, kubeClient: {hubPermissions: [{type: CurrentCluster}]}}
            """,
            AddOnTemplate.class);
    assertThat(AddOnValidators.TEMPLATES.validateCreate(template))
        .extracting(FieldError::field)
        .contains(
            "spec.addonName",
            "spec.agentSpec.workload.manifests",
            "spec.registration[0].kubeClient.hubPermissions[0].currentCluster.clusterRoleName");
  }

  private static ClusterManagementAddOn cma(String spec) throws Exception {
    return YAML.readValue(
        """
        apiVersion: addon.open-cluster-management.io/v1alpha1
        kind: ClusterManagementAddOn
        metadata: {name: probe}
        spec:
        %s
        """
            .formatted(spec.indent(2)),
        ClusterManagementAddOn.class);
  }
}
