package io.fleetflow.model.addon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fleetflow.model.addon.AddOnHubPermissions.Binding;
import org.junit.jupiter.api.Test;

/**
 * The RoleBindings of an add-on's declared hub permissions: one per permission, in the cluster's
 * namespace or the one named, each for that add-on's group on that cluster only.
 */
class AddOnHubPermissionsTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void eachPermissionBindsItsRoleToTheAddOnsGroupOnThatCluster() throws Exception {
    AddOnTemplate template =
        template(
            """
            - type: KubeClient
              kubeClient:
                hubPermissions:
                - type: CurrentCluster
                  currentCluster: {clusterRoleName: addon-status}
                - type: SingleNamespace
                  singleNamespace:
                    namespace: shared-config
                    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
                - type: CurrentCluster
                  currentCluster: {clusterRoleName: addon-status}
            """);

    assertThat(AddOnHubPermissions.of("east", "probe", template))
        .containsExactly(
            new Binding(
                "east",
                "open-cluster-management:addon:probe:east:addon-status",
                "ClusterRole",
                "addon-status"),
            new Binding(
                "shared-config",
                "open-cluster-management:addon:probe:east:reader",
                "Role",
                "reader"));
  }

  @Test
  void aTemplateWithoutKubeClientPermissionsBindsNothing() throws Exception {
    assertThat(AddOnHubPermissions.of("east", "probe", template("[]"))).isEmpty();
    assertThat(
            AddOnHubPermissions.of(
                "east",
                "probe",
                template(
                    """
                    - type: CustomSigner
                      customSigner: {signerName: example.com/signer}
                    """)))
        .isEmpty();
  }

  @Test
  void theRoleBindingNamesOnlyTheAddOnsGroupAndCarriesOcmsLabels() {
    RoleBinding binding =
        AddOnHubPermissions.roleBinding(
            new Binding("east", "open-cluster-management:addon:probe:east:r", "ClusterRole", "r"),
            "east",
            "probe");

    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("Group");
              assertThat(s.getName())
                  .isEqualTo("system:open-cluster-management:cluster:east:addon:probe");
            });
    assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(binding.getMetadata().getLabels())
        .containsEntry("open-cluster-management.io/cluster-name", "east")
        .containsEntry("open-cluster-management.io/addon-name", "probe");
  }

  private static AddOnTemplate template(String registration) throws Exception {
    return YAML.readValue(
        """
        apiVersion: addon.open-cluster-management.io/v1alpha1
        kind: AddOnTemplate
        metadata: {name: probe-1}
        spec:
          addonName: probe
          registration:
        %s
        """
            .formatted(registration.indent(4)),
        AddOnTemplate.class);
  }
}
