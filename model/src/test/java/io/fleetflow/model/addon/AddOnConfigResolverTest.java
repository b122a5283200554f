package io.fleetflow.model.addon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OCM's precedence of configs, kind by kind: the add-on's own, its placement's, the defaults. */
class AddOnConfigResolverTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String GROUP = ConfigKinds.GROUP;

  @Test
  void thePlacementsConfigWinsOverTheDefaultOfItsKindOnly() throws Exception {
    List<AddOnConfig> configs = AddOnConfigResolver.forPlacement(addOn(), "ops/canary");
    assertThat(configs)
        .containsExactly(
            new AddOnConfig(GROUP, ConfigKinds.TEMPLATES, "probe-1", null),
            new AddOnConfig(GROUP, ConfigKinds.DEPLOYMENT_CONFIGS, "canary", "ops"));
    assertThat(AddOnConfigResolver.forPlacement(addOn(), null))
        .contains(new AddOnConfig(GROUP, ConfigKinds.DEPLOYMENT_CONFIGS, "default", "ops"));
  }

  @Test
  void theAddOnsOwnConfigWinsOverWhatItInherits() throws Exception {
    List<AddOnConfig> configs =
        AddOnConfigResolver.resolve(
            AddOnConfigResolver.forPlacement(addOn(), "ops/canary"),
            List.of(new AddOnConfig(GROUP, ConfigKinds.TEMPLATES, "probe-2", null)));
    assertThat(configs)
        .containsExactly(
            new AddOnConfig(GROUP, ConfigKinds.TEMPLATES, "probe-2", null),
            new AddOnConfig(GROUP, ConfigKinds.DEPLOYMENT_CONFIGS, "canary", "ops"));
  }

  private static ClusterManagementAddOn addOn() throws Exception {
    return YAML.readValue(
        """
        apiVersion: addon.open-cluster-management.io/v1alpha1
        kind: ClusterManagementAddOn
        metadata: {name: probe}
        spec:
          supportedConfigs:
          - {group: addon.open-cluster-management.io, resource: addontemplates, defaultConfig: {name: probe-1}}
          - {group: addon.open-cluster-management.io, resource: addondeploymentconfigs, defaultConfig: {name: default, namespace: ops}}
          installStrategy:
            type: Placements
            placements:
            - namespace: ops
              name: canary
              configs:
              - {group: addon.open-cluster-management.io, resource: addondeploymentconfigs, name: canary, namespace: ops}
        """,
        ClusterManagementAddOn.class);
  }
}
